from interviews.plans.services import _variant_title


def test_variant_titles_do_not_stack_or_overflow():
    once = _variant_title("Backend loop", "Ada")
    assert once == "Backend loop (variant for Ada)"
    assert _variant_title(once, "Grace") == "Backend loop (variant for Grace)"
    long = _variant_title("x" * 200, "y" * 150)
    assert len(long) <= 200 and long.startswith("xxx") and "(variant for yyy" in long
