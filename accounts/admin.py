from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import Membership, Organisation, User

admin.site.register(User, UserAdmin)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_personal", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
