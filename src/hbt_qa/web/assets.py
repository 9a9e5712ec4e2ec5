"""The page's own CSS, the part of it that goes into <head>, and its JavaScript."""

CSS = """
.gradio-container {max-width: 1100px !important; margin: 0 auto;}
#title h2 {margin: 0.2em 0;}
.card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px;
  margin: 8px 0; overflow-wrap: anywhere;}
.card-meta {color: var(--body-text-color-subdued); font-size: 0.85em; margin: 2px 0 6px;}
.card-text {white-space: pre-wrap; line-height: 1.55;}
.card-title {font-weight: 600;}
mark.hl {background: #fff3b0; color: #111; padding: 0 1px;}
mark.val {background: #ffc928; color: #111; font-weight: 700;}
mark.term {background: #ffe98a; color: #111;}
.article h3 {margin-top: 0.2em;}
.article-text {white-space: pre-wrap; line-height: 1.65; max-width: 80ch;
  overflow-wrap: anywhere;}
#cited {scroll-margin-top: 96px; box-shadow: 0 0 0 2px #e0b400;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;}
#title h2, .card-title, .card-head b, .cards h4 {font-weight: 600;}
.summary {font-weight: 600; margin: 6px 0;}
.summary.nearest {font-weight: 400; font-style: italic;}
.table-wrap {overflow-x: auto;}
table.records, table.uploads {width: 100%; border-collapse: collapse; font-size: 0.92em;}
table.records td, table.records th, table.uploads td, table.uploads th {
  padding: 4px 6px; border-bottom: 1px solid var(--border-color-primary);
  vertical-align: top; text-align: left;}
td.num {text-align: right !important;}
tr.failed td {color: #b3261e;}
.msg.error {color: #b3261e;}
"""

# Gradio scopes custom CSS inside its content box, and media queries only there; the page
# padding of a phone screen lies outside it, so this part goes into <head> as it is.
HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container .main.app {padding-left: 8px !important; padding-right: 8px !important;}
  #title h2 {font-size: 1.15em;}
  .card {padding: 6px 8px;}
  .gradio-container .tab-container button[role=tab] {padding-left: 6px !important;
    padding-right: 6px !important;}
}
</style>"""

# Citation links are plain <a href="?article=…"> (so they also work as permalinks in a new
# tab); a left click is caught here and opens the article view in place.
JS = """
() => {
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest ? ev.target.closest('a.open-article') : null;
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    window.hbtArticleReq = (a.dataset.article || '') + '|' + (a.dataset.passage || '');
    const btn = document.getElementById('article-go');
    if (btn) btn.click();
  }, true);
}
"""

SCROLL_JS = """
() => {
  let tries = 0;
  const go = () => {
    const art = document.querySelector('#article .article[data-article]');
    const m = document.querySelector('#article #cited');
    if (art && (m || tries > 10)) {
      const q = '?article=' + encodeURIComponent(art.dataset.article) +
        (m && m.dataset.passage ? '&passage=' + encodeURIComponent(m.dataset.passage) : '');
      if (window.location.search !== q) history.replaceState(null, '', q);
      if (m) m.scrollIntoView({block: 'center'});
      return;
    }
    if (++tries < 60) setTimeout(go, 50);
  };
  setTimeout(go, 30);
}
"""

READ_REQ_JS = "(req, lang) => [window.hbtArticleReq || req, lang]"
