"""The "Hỏi đáp" / "Ask" tab: the chat, its example questions, 👍/👎 feedback and source cards.

``build_tab`` creates the components and ``wire`` connects them to ``Handlers``, called from
``app.build_app``; ``relabel`` gives the tab's values for the language switch.

No ``from __future__ import annotations`` here: Gradio finds ``gr.SelectData``/``gr.LikeData``
parameters through evaluated annotations, and ``gr`` is passed in by ``build_app``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Answer
from .handlers import Handlers
from .render import tr
from .render_chat import citations_html

EXAMPLES = [
    "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
    "Tổng thu ngân sách trên địa bàn 5 tháng đầu năm 2024 là bao nhiêu?",
    "Ai chủ trì phiên họp Ủy viên ủy ban tháng 5 năm 2024?",
    "quan da giai ngan duoc bao nhieu",
    "How much had been disbursed by May 2024?",
]


@dataclass
class ChatTab:
    """The components of the chat tab."""

    tab: Any
    chat: Any
    box: Any
    ask_btn: Any
    hint: Any
    clear: Any
    cards: Any

    def lang_targets(self) -> list[Any]:
        """What the language switch updates, in the order of ``relabel``'s values."""
        return [self.box, self.ask_btn, self.hint, self.clear, self.cards]


def build_tab(gr: Any, lang: str = "vi", examples: Sequence[str] = ()) -> ChatTab:
    """The tab's components; call inside ``gr.Tabs``; ``examples``: the archive's questions
    (the built-in ``EXAMPLES`` when none)."""
    with gr.Tab(tr(lang, "tab_chat"), id="chat", elem_id="tab-chat") as tab:
        chat = gr.Chatbot(
            elem_id="chat",
            height=440,
            sanitize_html=True,
            latex_delimiters=[],
            show_label=False,
            examples=[{"text": q} for q in (examples or EXAMPLES)],
            feedback_options=("Like", "Dislike"),
            buttons=["copy"],
        )
        with gr.Row(equal_height=True):
            box = gr.Textbox(
                elem_id="question",
                label=tr(lang, "question"),  # the accessible name (issue 15.16); not shown
                show_label=False,
                placeholder=tr(lang, "question_ph"),
                scale=5,
                max_lines=4,
                autofocus=True,
            )
            ask_btn = gr.Button(
                tr(lang, "ask"), variant="primary", elem_id="ask", scale=1, min_width=80
            )
        with gr.Row():
            hint = gr.Markdown(tr(lang, "chat_hint"), elem_id="chat-hint")
            clear = gr.Button(
                tr(lang, "clear"), size="sm", elem_id="clear-chat", scale=0, min_width=160
            )
        cards = gr.HTML(elem_id="citations")
    return ChatTab(tab, chat, box, ask_btn, hint, clear, cards)


def wire(
    gr: Any,
    ui: ChatTab,
    h: Handlers,
    lang: Any,
    turns: Any,
    last_answer: Any,
    private: dict[str, Any],
) -> None:
    """Connect the chat's events: ask, examples, feedback and a new conversation."""
    chat, box, cards = ui.chat, ui.box, ui.cards
    chat_out = [chat, cards, box, turns, last_answer]
    box.submit(h.respond, [box, chat, turns, lang], chat_out, **private)
    ui.ask_btn.click(h.respond, [box, chat, turns, lang], chat_out, **private)

    def on_example(chat_v, turns_v, lang_v, evt: gr.SelectData):
        return h.example(evt.value, chat_v, turns_v, lang_v)

    chat.example_select(on_example, [chat, turns, lang], chat_out, **private)

    def on_like(turns_v, lang_v, data: gr.LikeData, request: gr.Request):
        session = getattr(request, "session_hash", None) or ""
        note = h.feedback(
            turns_v, data.index, data.liked, lang_v, session, h.guard.address(request)
        )
        if note:
            gr.Info(note)

    chat.like(on_like, [turns, lang], None, **private)
    ui.clear.click(lambda: ([], "", [], None), None, [chat, cards, turns, last_answer], **private)


def relabel(gr: Any, lg: str, answer: Answer | None) -> tuple[Any, ...]:
    """The tab's labels in ``lg`` and the last answer's cards, for ``ChatTab.lang_targets``."""
    return (
        gr.update(placeholder=tr(lg, "question_ph")),
        gr.update(value=tr(lg, "ask")),
        tr(lg, "chat_hint"),
        gr.update(value=tr(lg, "clear")),
        citations_html(answer, lg) if answer is not None else gr.update(),
    )
