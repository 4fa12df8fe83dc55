"""The `paragraphs` filter: bank text as paragraphs, hard-wrapped lines flowing."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from questionbank.templatetags.prose import paragraphs

pytestmark = pytest.mark.django_db


def test_it_flows_single_line_breaks_and_splits_at_blank_lines():
    text = "Explain FaaS to an engineer\nwho runs VMs.\n\n  \nThen compare\r\nthe costs."
    assert paragraphs(text) == (
        "<p>Explain FaaS to an engineer who runs VMs.</p><p>Then compare the costs.</p>"
    )


def test_it_escapes_what_it_is_given():
    rendered = Template("{% load prose %}{{ text|paragraphs }}").render(
        Context({"text": "<script>alert(1)</script> & more"})
    )
    assert rendered == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>"


def test_empty_text_renders_nothing():
    assert paragraphs("") == "" and paragraphs(None) == ""


def test_the_question_page_shows_prompt_and_guidance_as_paragraphs(client, team):
    from tests.builders import load_small_bank

    question = load_small_bank().questions.get(key="faas-basics")
    client.force_login(team.owner)
    page = client.get(reverse("questionbank:question", args=[question.pk])).text
    assert "<p>What is FaaS? Explain with an example.</p>" in page
    assert "<p>Listen for events, statelessness and scaling.</p>" in page
