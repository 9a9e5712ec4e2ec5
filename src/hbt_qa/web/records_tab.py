"""The "Dữ liệu" / "Records" tab (administrator): sign-in, the article list, upload, delete and
re-index.

Every write checks the session's sign-in on the server (``Handlers``) and runs one at a time
(``concurrency_id="records-write"``). A sign-in also hands the page a one-time code that it
swaps for the cookie Gradio's upload route asks for (``gate``); signing out drops it.
``build_tab`` creates the components and ``wire`` connects them to ``Handlers``, called from
``app.build_app``; ``relabel`` gives the tab's values for the language switch.

No ``from __future__ import annotations`` here, as in every module that defines Gradio event
functions: Gradio inspects their parameters.
"""

from dataclasses import dataclass
from typing import Any

from ..service import accepted_suffixes
from .handlers import Handlers, refused
from .render import tr
from .render_records import upload_results_html

# After a sign-in: swap the one-time code for the upload cookie (a path relative to the page,
# so that it also works under a proxy's path prefix).
GRANT_JS = """(code) => {
  if (code) fetch("hbt-qa/grant?code=" + encodeURIComponent(code), {credentials: "same-origin"});
}"""
DROP_JS = """() => { fetch("hbt-qa/grant?drop=1", {credentials: "same-origin"}); }"""


@dataclass
class RecordsTab:
    """The components of the records tab."""

    tab: Any
    disabled: Any
    login_box: Any
    login_title: Any
    user: Any
    password: Any
    login_btn: Any
    login_msg: Any
    panel: Any
    upload: Any
    upload_result: Any
    delete_pick: Any
    delete_btn: Any
    reindex_btn: Any
    logout_btn: Any
    admin_msg: Any
    records: Any
    grant: Any
    confirm_box: Any
    confirm_msg: Any
    confirm_yes: Any
    confirm_no: Any
    pending: Any
    uploaded: Any

    def lang_targets(self) -> list[Any]:
        """What the language switch updates, in the order of ``relabel``'s values."""
        return [
            self.disabled, self.login_title, self.user, self.password, self.login_btn,
            self.upload, self.delete_pick, self.delete_btn, self.reindex_btn, self.logout_btn,
            self.records, self.login_msg, self.confirm_yes, self.confirm_no,
        ]  # fmt: skip


def _upload_label(lang: str, mb: int) -> str:
    """The upload box's label: the accepted kinds of file and the size limit."""
    return tr(lang, "upload", kinds=", ".join(accepted_suffixes()), mb=mb)


def build_tab(gr: Any, lang: str, admin_enabled: bool, mb: int) -> RecordsTab:
    """The tab's components; call inside ``gr.Tabs``. ``mb``: the upload limit per file."""
    with gr.Tab(tr(lang, "tab_data"), id="data", elem_id="tab-data") as tab:
        disabled = gr.Markdown(
            tr(lang, "admin_disabled"),
            elem_id="admin-disabled",
            visible=not admin_enabled,
        )
        with gr.Column(visible=admin_enabled, elem_id="login-box") as login_box:
            login_title = gr.Markdown(tr(lang, "login_title"))
            user = gr.Textbox(label=tr(lang, "user"), elem_id="admin-user")
            password = gr.Textbox(
                label=tr(lang, "password"), type="password", elem_id="admin-password"
            )
            login_btn = gr.Button(tr(lang, "login"), variant="primary", elem_id="login")
        login_msg = gr.HTML(elem_id="login-msg")
        with gr.Column(visible=False, elem_id="admin-panel") as panel:
            upload = gr.File(
                label=_upload_label(lang, mb),
                file_count="multiple",
                file_types=list(accepted_suffixes()),
                elem_id="upload",
            )
            upload_result = gr.HTML(elem_id="upload-result")
            with gr.Row(equal_height=True):
                delete_pick = gr.Dropdown(
                    label=tr(lang, "delete_pick"), choices=[], elem_id="delete-pick", scale=3
                )
                delete_btn = gr.Button(
                    tr(lang, "delete"), variant="stop", elem_id="delete", scale=1
                )
            with gr.Column(visible=False, elem_id="delete-confirm") as confirm_box:
                confirm_msg = gr.HTML(elem_id="delete-confirm-msg")
                with gr.Row():
                    confirm_yes = gr.Button(
                        tr(lang, "delete_yes"), variant="stop", elem_id="delete-yes"
                    )
                    confirm_no = gr.Button(tr(lang, "cancel"), elem_id="delete-no")
            with gr.Row():
                reindex_btn = gr.Button(tr(lang, "reindex"), elem_id="reindex")
                logout_btn = gr.Button(tr(lang, "logout"), elem_id="logout")
            admin_msg = gr.HTML(elem_id="admin-msg")
            records = gr.HTML(elem_id="records")
        grant = gr.Textbox(visible="hidden", elem_id="upload-grant")
        pending = gr.State(None)  # the article a delete waits to be confirmed for
        uploaded = gr.State({"results": [], "deleted": []})  # the last upload's result lines
    return RecordsTab(
        tab, disabled, login_box, login_title, user, password, login_btn, login_msg, panel,
        upload, upload_result, delete_pick, delete_btn, reindex_btn, logout_btn, admin_msg,
        records, grant, confirm_box, confirm_msg, confirm_yes, confirm_no, pending, uploaded,
    )  # fmt: skip


def wire(
    gr: Any,
    ui: RecordsTab,
    h: Handlers,
    lang: Any,
    admin: Any,
    private: dict[str, Any],
) -> None:
    """Connect sign-in and sign-out, and the writes: upload, delete and re-index."""
    user, password, records, delete_pick = ui.user, ui.password, ui.records, ui.delete_pick

    def on_login(u, p, lang_v, request: gr.Request):
        ok, msg = h.login(u, p, lang_v, h.guard.address(request))
        if not ok:
            return False, msg, gr.update(), gr.update(), gr.update(), gr.update(), "", ""
        html, choices = h.records(lang_v)
        return (
            True,
            msg,
            gr.update(visible=False),
            gr.update(visible=True),
            html,
            gr.update(choices=choices, value=None),
            "",
            h.grant_code(),
        )

    login_out = [
        admin, ui.login_msg, ui.login_box, ui.panel, records, delete_pick, password, ui.grant,
    ]  # fmt: skip
    for trigger in (ui.login_btn.click, password.submit):
        trigger(on_login, [user, password, lang], login_out, **private).then(
            None, [ui.grant], None, js=GRANT_JS, **private
        )

    def on_logout():
        return False, "", gr.update(visible=True), gr.update(visible=False), "", ""

    ui.logout_btn.click(
        on_logout,
        None,
        [admin, ui.login_msg, ui.login_box, ui.panel, records, ui.grant],
        **private,
    ).then(None, None, None, js=DROP_JS, **private)

    def refreshed(lang_v):
        html, choices = h.records(lang_v)
        return html, gr.update(choices=choices, value=None)

    def on_upload(files, admin_v, lang_v, request: gr.Request, progress=gr.Progress()):  # noqa: B008
        def step(done: int, total: int, name: str) -> None:
            progress(done / total if total else 1.0, desc=name or None)

        try:
            results = h.upload_files(files, admin_v, lang_v, step, h.guard.address(request))
        except PermissionError as exc:
            raise refused(gr, exc, "upload", lang_v) from None
        out = upload_results_html(results, lang_v) if results else ""
        return (out, None, *refreshed(lang_v), {"results": results, "deleted": []})

    # One progress area (the result line), not one bar over each output (issue 15.12).
    writes = {"concurrency_id": "records-write", "concurrency_limit": 1, **private}
    ui.upload.upload(
        on_upload,
        [ui.upload, admin, lang],
        [ui.upload_result, ui.upload, records, delete_pick, ui.uploaded],
        show_progress_on=[ui.upload_result],
        **writes,
    )

    def on_delete_ask(article_id, admin_v, lang_v, request: gr.Request):
        try:
            msg, pending = h.delete_prompt(article_id, admin_v, lang_v, h.guard.address(request))
        except PermissionError as exc:
            raise refused(gr, exc, "delete", lang_v) from None
        if pending is None:
            return msg, gr.update(visible=False), "", None
        return "", gr.update(visible=True), msg, pending

    ui.delete_btn.click(
        on_delete_ask,
        [delete_pick, admin, lang],
        [ui.admin_msg, ui.confirm_box, ui.confirm_msg, ui.pending],
        show_progress_on=[ui.admin_msg],
        **private,
    )

    def on_delete(article_id, uploaded, admin_v, lang_v, request: gr.Request):
        try:
            msg = h.delete(article_id, admin_v, lang_v, h.guard.address(request))
        except PermissionError as exc:
            raise refused(gr, exc, "delete", lang_v) from None
        uploaded = dict(uploaded or {"results": [], "deleted": []})
        if article_id:
            uploaded["deleted"] = [*uploaded.get("deleted", []), article_id]
        results = uploaded.get("results") or []
        lines = upload_results_html(results, lang_v, uploaded["deleted"]) if results else ""
        hide = gr.update(visible=False)
        return (msg, *refreshed(lang_v), lines, uploaded, hide, None)

    ui.confirm_yes.click(
        on_delete,
        [ui.pending, ui.uploaded, admin, lang],
        [
            ui.admin_msg, records, delete_pick, ui.upload_result, ui.uploaded,
            ui.confirm_box, ui.pending,
        ],
        show_progress_on=[ui.admin_msg],
        **writes,
    )  # fmt: skip
    ui.confirm_no.click(
        lambda: (gr.update(visible=False), None), None, [ui.confirm_box, ui.pending], **private
    )

    def on_reindex(admin_v, lang_v, request: gr.Request, progress=gr.Progress()):  # noqa: B008
        def step(done: int, total: int, name: str) -> None:
            progress(done / total if total else 1.0, desc=name or None)

        try:
            msg = h.reindex(admin_v, lang_v, step, h.guard.address(request))
        except PermissionError as exc:
            raise refused(gr, exc, "reindex", lang_v) from None
        return (msg, *refreshed(lang_v))

    ui.reindex_btn.click(
        on_reindex,
        [admin, lang],
        [ui.admin_msg, records, delete_pick],
        show_progress_on=[ui.admin_msg],
        **writes,
    )


def relabel(gr: Any, h: Handlers, lg: str, admin_v: bool, mb: int) -> tuple[Any, ...]:
    """The tab's labels in ``lg`` (and the article list when signed in), for
    ``RecordsTab.lang_targets``."""
    return (
        tr(lg, "admin_disabled"),
        tr(lg, "login_title"),
        gr.update(label=tr(lg, "user")),
        gr.update(label=tr(lg, "password")),
        gr.update(value=tr(lg, "login")),
        gr.update(label=_upload_label(lg, mb)),
        gr.update(label=tr(lg, "delete_pick")),
        gr.update(value=tr(lg, "delete")),
        gr.update(value=tr(lg, "reindex")),
        gr.update(value=tr(lg, "logout")),
        h.records(lg)[0] if admin_v else gr.update(),
        "",
        gr.update(value=tr(lg, "delete_yes")),
        gr.update(value=tr(lg, "cancel")),
    )
