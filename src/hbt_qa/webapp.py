"""Gradio wiring for the chat; all strings shown are rendered by ``render`` (escaped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import Settings
from .errors import HbtQaError
from .render import answer_markdown, article_html, citations_html, esc_md
from .service import Service

EXAMPLES = [
    "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
    "Tổng thu ngân sách trên địa bàn 5 tháng đầu năm 2024 là bao nhiêu?",
    "Ai chủ trì phiên họp Ủy viên ủy ban tháng 5 năm 2024?",
    "quan da giai ngan duoc bao nhieu",
    "How much had been disbursed by May 2024?",
]

CSS = """
.card {border:1px solid #d0d7de; border-radius:8px; padding:8px 12px; margin:8px 0;}
.card-meta {color:#57606a; font-size:0.85em; margin:2px 0 6px;}
.card-text {white-space:pre-wrap; line-height:1.5;}
mark.hl {background:#fff3b0;} mark.val {background:#ffd54f; font-weight:600;}
.article-text {white-space:pre-wrap; line-height:1.6;}
"""


def build_app(service: Service) -> Any:
    """The Gradio Blocks of the chat."""
    import gradio as gr

    def respond(message: str, history: list[dict]) -> tuple[list[dict], str, str]:
        history = list(history or [])
        history.append({"role": "user", "content": esc_md(message)})
        try:
            ans = service.ask(message)
        except HbtQaError as exc:
            history.append({"role": "assistant", "content": esc_md(str(exc))})
            return history, "", ""
        history.append({"role": "assistant", "content": answer_markdown(ans)})
        return history, citations_html(ans), ""

    def open_article(article_id: str, passage_id: str) -> str:
        store = service.store()
        art = store.article(article_id)
        if art is None:
            return "<p>Không tìm thấy bài viết.</p>"
        rows = [p for p in _passages_of(store, article_id) if p[0] == passage_id]
        start, end = (rows[0][1], rows[0][2]) if rows else (None, None)
        return article_html(art, start, end)

    with gr.Blocks(title="hbt_qa — Hỏi đáp biên bản họp", analytics_enabled=False) as demo:
        gr.Markdown("## Hỏi đáp biên bản họp UBND/HĐND quận Hai Bà Trưng")
        chat = gr.Chatbot(elem_id="chat", height=420, sanitize_html=True)
        box = gr.Textbox(
            elem_id="question",
            placeholder="Ví dụ: Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
            label="Câu hỏi",
        )
        gr.Examples(EXAMPLES, inputs=box)
        cards = gr.HTML(elem_id="citations")
        with gr.Accordion("Bài viết", open=False):
            art_id = gr.Textbox(label="article", elem_id="article-id")
            pas_id = gr.Textbox(label="passage", elem_id="passage-id")
            show = gr.Button("Mở bài viết", elem_id="open-article")
            article = gr.HTML(elem_id="article")
        box.submit(respond, [box, chat], [chat, cards, box], api_name="ask_chat")
        show.click(open_article, [art_id, pas_id], article, api_name="article")

        def api_ask(question: str) -> dict:
            return service.ask(question).to_json()

        def api_search(query: str, k: float = 10) -> dict:
            return {"query": query, "hits": [h.to_json() for h in service.search(query, int(k))]}

        gr.api(api_ask, api_name="ask")
        gr.api(api_search, api_name="search")
    return demo


def _passages_of(store: Any, article_id: str) -> list[tuple[str, int, int]]:
    """(passage_id, start, end) of an article."""
    return store.passage_spans(article_id)


def serve(settings: Settings, say: Callable[[str], None] | None = None) -> None:
    """Build or refresh the index from the corpus, load the model, and start the app."""
    service = Service(settings, say=say)

    def progress(done: int, total: int, name: str) -> None:
        if say and total and (done == total or done % 10 == 0):
            say(f"Indexing corpus: {done}/{total} {name}")

    report = service.ensure_index(progress=progress)
    if say and report is not None:
        say(f"Index {settings.index_path}: {report.summary()}")
        for path, reason in report.failed:
            say(f"{path}: {reason}")
    service.ready_store()
    demo = build_app(service)
    if say:
        say(f"hbt_qa is ready on http://{settings.host}:{settings.port}")
    demo.launch(server_name=settings.host, server_port=settings.port, show_error=False, css=CSS)
