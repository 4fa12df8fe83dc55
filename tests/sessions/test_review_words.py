from django.template import Context, Template


def test_the_review_names_categories_in_words_not_keys():
    rendered = Template(
        "{% load labels %}{% for name in names %}{{ name|category_label }};{% endfor %}"
    ).render(Context({"names": ["system_design", "behavioral", "made_up_one"]}))
    assert rendered == "System design;Behavioral;Made up one;"
