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
.msg.warn {color: #7a4d00; font-weight: 600;}
#delete-confirm {border: 1px solid #b3261e; border-radius: 8px; padding: 6px 10px;}
"""

# Gradio scopes custom CSS inside its content box, and media queries only there; the page
# padding of a phone screen lies outside it, so this part goes into <head> as it is.
HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container .main.app {padding-left: 8px !important; padding-right: 8px !important;}
  #title h2 {font-size: 1.15em;}
  .card {padding: 6px 8px;}
  /* Gradio measures the tab buttons in a hidden copy (buttons without role=tab) to decide
     which go behind "⋯": narrow both so that all five tabs fit 390 px (issue 15.17). */
  .gradio-container .tab-container button {padding-left: 5px !important;
    padding-right: 5px !important; font-size: 0.92em !important;}
}
/* The dropdown's arrow sits over the input's right edge: keep the text clear of it. */
.gradio-container input[role=combobox] {padding-right: 26px !important;
  text-overflow: ellipsis;}
</style>"""

# Citation links are plain <a href="?article=…"> (so they also work as permalinks in a new
# tab); a left click is caught here and opens the article view in place, as a new history
# entry: Back returns to the tab the link was clicked in (issue 15.14).
# Gradio's own words (the upload box, toast titles) and the question box's accessible name
# follow the interface language chosen at the top, not the browser's (issues 15.15, 15.16).
JS = """
() => {
  const tabButtons = () => [...document.querySelectorAll('#tabs button[role=tab]')];
  const openArticle = (article, passage) => {
    window.hbtArticleReq = (article || '') + '|' + (passage || '');
    const btn = document.getElementById('article-go');
    if (btn) btn.click();
  };
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest ? ev.target.closest('a.open-article') : null;
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    const from = tabButtons().findIndex((b) => b.getAttribute('aria-selected') === 'true');
    history.replaceState({hbtTab: from}, '', window.location.href);
    window.hbtPush = true;
    openArticle(a.dataset.article, a.dataset.passage);
  }, true);
  window.addEventListener('popstate', (ev) => {
    const q = new URLSearchParams(window.location.search);
    if (q.get('article')) { openArticle(q.get('article'), q.get('passage')); return; }
    const to = ev.state && Number.isInteger(ev.state.hbtTab) ? ev.state.hbtTab : 0;
    const btn = tabButtons()[Math.max(0, to)];
    if (btn) btn.click();
  });
  const WORDS = {
    vi: {'Drop File Here': 'Kéo tệp vào đây', '- or -': '– hoặc –',
         'Click to Upload': 'Bấm để chọn tệp', 'Info': 'Thông báo', 'Error': 'Lỗi',
         'Warning': 'Lưu ý', 'Click to upload or drop files': 'Bấm để chọn hoặc kéo tệp vào',
         'question': 'Câu hỏi'},
    en: {'question': 'Question'},
  };
  // Switching back to English puts Gradio's own words back.
  for (const [k, v] of Object.entries(WORDS.vi)) if (k !== 'question') WORDS.en[v] = k;
  const lang = () => {
    const on = document.querySelector('#lang input:checked');
    return on && on.value === 'English' ? 'en' : 'vi';
  };
  const say = (words, el) => {
    for (const node of el.childNodes) {
      if (node.nodeType !== 3) continue;
      const key = node.textContent.trim();
      if (words[key]) node.textContent = node.textContent.replace(key, words[key]);
    }
  };
  const localise = () => {
    const words = WORDS[lang()];
    const q = document.querySelector('#question textarea');
    if (q && q.getAttribute('aria-label') !== words.question) {
      q.setAttribute('aria-label', words.question);
    }
    const hidden = document.querySelector('#question [data-testid=block-info]');
    if (hidden && hidden.textContent !== words.question) hidden.textContent = words.question;
    document.querySelectorAll('[data-testid=upload-text], [data-testid=upload-text] .or, ' +
      '.toast-title').forEach((el) => say(words, el));
    document.querySelectorAll('button.upload-container[aria-label]').forEach((b) => {
      const key = b.getAttribute('aria-label');
      if (words[key]) b.setAttribute('aria-label', words[key]);
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; localise(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
  document.addEventListener('change', localise, true);
  localise();
}
"""

SCROLL_JS = """
() => {
  let tries = 0;
  const go = () => {
    const art = document.querySelector('#article .article[data-article]');
    const m = document.querySelector('#article #cited');
    // Only while the article view is shown: after Back, a late run must not rewrite the URL.
    if (art && art.offsetParent === null) {
      if (++tries < 60) setTimeout(go, 50);
      return;
    }
    if (art && (m || tries > 10)) {
      const q = '?article=' + encodeURIComponent(art.dataset.article) +
        (m && m.dataset.passage ? '&passage=' + encodeURIComponent(m.dataset.passage) : '');
      if (window.location.search !== q) {
        if (window.hbtPush) history.pushState(null, '', q);
        else history.replaceState(null, '', q);
      }
      window.hbtPush = false;
      if (m) m.scrollIntoView({block: 'center'});
      return;
    }
    if (++tries < 60) setTimeout(go, 50);
  };
  setTimeout(go, 30);
}
"""

READ_REQ_JS = "(req, lang) => [window.hbtArticleReq || req, lang]"
