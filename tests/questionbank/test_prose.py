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
    from tests.data.builders import load_small_bank

    question = load_small_bank().questions.get(key="faas-basics")
    client.force_login(team.owner)
    page = client.get(reverse("questionbank:question", args=[question.pk])).text
    assert "<p>What is FaaS? Explain with an example.</p>" in page
    assert "<p>Listen for events, statelessness and scaling.</p>" in page


def test_lists_keep_one_item_a_line_and_code_keeps_its_layout():
    text = (
        "Look for:\n1) a missing key;\n2) a broad catch.\n\n"
        "    def handler(event):\n        return 1"
    )
    html = str(paragraphs(text))
    assert "<p>Look for:<br>1) a missing key;<br>2) a broad catch.</p>" in html
    assert "<pre><code>    def handler(event):\n        return 1</code></pre>" in html
