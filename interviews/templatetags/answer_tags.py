"""The candidate's answer beside a question: the pad on the candidate's screen, and in the
console the live pad or the written answer."""

from django import template

from interviews.models import InterviewSession, SessionQuestion, WrittenPractice
from interviews.practice.contexts import pad_context
from interviews.practice.selectors import pad_for

register = template.Library()


@register.inclusion_tag("interviews/practice/_pad_screen.html")
def screen_pad(session: InterviewSession) -> dict:
    question, text, _ = pad_for(session, session.current_position)
    return {"session": session, "question": question, "text": text}


@register.inclusion_tag("interviews/practice/_console_answer.html")
def console_answer(session: InterviewSession, sq: SessionQuestion) -> dict:
    written = WrittenPractice.objects.filter(session=session).first()
    question, text, etag = pad_for(session, sq.position)
    context = pad_context(session, question, text, etag)
    context["written"] = written
    return context
