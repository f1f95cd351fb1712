"""Every label the site writes in the reader's language, and how a page's
language is told.

Keys are grouped by where they appear: `example.*` (the example blocks),
`search.*`, `redirect.*`, `figure.*` (the `[[m:key]]` figures),
`notebook.*` (the bar on the notebook pages) and `run.*` (the Run buttons;
web/build.mjs bundles these into web/run_buttons.js). `{name}` marks a value
filled in where the label is used. The notebooks' own table and plot labels
are in ptc.measure (`TEXT`), because `_measure.py` downloads as one file.
"""

from __future__ import annotations

import string

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "example.download": "下载",
        "example.output": "输出",
        "example.zip": "下载全部示例（zip）",
        "example.permalink": "本示例的永久链接",
        "example.zip.short": "全部示例（zip）",
        "offline.zip": "下载离线课堂包（zip）",
        "example.embed": "嵌入",
        "example.embed.title": "复制 iframe 代码，把这个示例嵌入课程页面或 LMS",
        "example.embed.copied": "iframe 代码已复制",
        "embed.source": "在「{site}」网站上查看这个示例",
        "code.lines": "第 {first}–{last} 行",
        "search.dialog": "搜索",
        "redirect.title": "页面已移动",
        "figure.title": "{n} 轮的中位数（括号内为最低–最高）",
        "figure.python": "，Python {python}",
        "notebook.download": "下载",
        "notebook.hint": "把这几个文件放在同一个文件夹里。需要 Python 3.10 或更新的版本，以及 psutil 和 matplotlib（pip install psutil matplotlib）。python {py} 在终端里打印表格；.ipynb 用 Jupyter 打开（还要 pip install jupyter）。有 measurements.json 时显示本站测得的数字；去掉它，就会先在你的机器上测量，大约一分钟。",
        "heading.permalink": "永久链接",
        "diagram.name": "图：{labels}",
        "diagram.separator": "、",
        "theme.dark": "深色模式",
        "theme.light": "浅色模式",
        "present.toggle": "演示模式：大字、全宽（Esc 退出）",
        "handout.link": "讲义 PDF",
        "handout.link.title": "整份笔记的 PDF 讲义，按导航顺序，适合打印",
        "handout.kind": "讲义：网站全文的 PDF 版",
        "handout.url": "网站：{url}",
        "handout.local": "本地构建的讲义：构建时没有设置网站地址（PTC_SITE_URL），所以指向网站上文件的链接只保留文字。",
        "handout.note": "示例的代码和预期输出都在讲义里；要在浏览器里运行协程示例、下载示例文件，请打开网站。",
        "handout.contents": "目录",
        "run.run": "运行",
        "run.stop": "停止",
        "run.reset": "重置",
        "run.toolbar": "运行这段代码",
        "run.editor": "可编辑的 Python 代码。Ctrl+Enter 运行；按 Esc 再按 Tab 离开编辑器。",
        "run.output": "本次运行的输出",
        "run.loading": "正在加载浏览器里的 Python",
        "run.starting": "正在启动 Python…",
        "run.running": "运行中…",
        "run.still": "仍在运行（{seconds} 秒），可以按“停止”。",
        "run.ok": "运行完毕（{seconds} 秒）。",
        "run.error": "运行出错，见上面的 Traceback。",
        "run.stopped": "已停止。",
        "run.restarted": "已停止，浏览器里的 Python 已重新启动。",
        "run.failed": "无法加载浏览器里的 Python：{message}",
        "run.dropped": "输出太多：只显示前 {max} 行，后面还有 {n} 行没有显示。",
        "run.edited": "代码已修改，“重置”可恢复原样。",
        "run.restored": "这是你上次改过的代码（保存在这个浏览器里），“重置”可恢复原样。",
        "run.copy": "复制代码",
        "run.copied": "已复制。",
        "run.save": "下载代码",
        "link.copy.section": "复制这一节的链接",
        "link.copy.example": "复制这个示例的链接",
        "link.copied": "链接已复制",
        "run.print_edited": "改过的代码（原来的代码见网页）",
        "run.share": "分享",
        "run.share_copied": "分享链接已复制。打开链接的人会看到这段代码，按“运行”才会执行。",
        "run.share_in_address": "分享链接已放进地址栏，从那里复制。",
        "run.share_too_long": "代码太长，放不进一个链接（最多 {max} 个字符）；请用“下载代码”。",
        "run.share_opened": "这是分享链接里的代码，还没有运行。按“运行”执行，按“重置”回到原来的代码。",
        "run.share_corrupt": "这个分享链接已损坏，读不出代码；这里显示的是原来的代码。",
        "run.share_too_long_open": "这个分享链接太长，没有读取；这里显示的是原来的代码。",
        "run.share_missing": "分享链接指向的代码块（{block}）已不在这一页上，可能改了名或删除了；页面按原样显示。",
        "run.matches": "输出与下面的预期输出一致。",
        "run.differs": "输出与下面的预期输出不同。",
        "run.expected": "预期输出",
        "run.download": "下载这个示例",
        "run.local": "请下载后在自己电脑上用 Python 运行：",
        "run.sep": "",
        "cannot.input": "浏览器里的 Python 不能用 input() 读取键盘输入。",
        "cannot.threads": "浏览器里的 Python（Pyodide）没有线程：网页中的 WebAssembly 只有一个线程可用。",
        "cannot.processes": "浏览器里的 Python（Pyodide）不能创建进程：网页不能启动操作系统进程。",
        "cannot.subprocess": "浏览器里的 Python 不能用 subprocess 启动其他程序：网页不能启动操作系统进程。",
        "exercise.note.title": "本站补充：练习（原笔记里没有）",
        "exercise.note": "下面的练习是本站加的，原笔记里没有。预测题先想后查；修复题和编写题在浏览器里按“检查”（协程），或者下载后用 `check.py` 在本机检查（进程和线程）。至少尝试一次之后才能查看参考答案。进度只保存在这个浏览器里，不会发送到任何地方。",
        "exercise.heading": "练习 {n}：{title}",
        "exercise.kind.predict": "预测",
        "exercise.kind.fix": "修复",
        "exercise.kind.write": "编写",
        "exercise.minutes": "约 {minutes} 分钟",
        "exercise.runs.browser": "在浏览器里检查",
        "exercise.runs.local": "下载后在本机检查",
        "exercise.runs.recorded": "答案来自一次真实运行",
        "exercise.solution": "参考答案",
        "exercise.output": "真实运行的输出",
        "exercise.local": "下载全部示例（zip），进入 `lab/{page}/{n}/` 文件夹，运行：",
        "exercise.local.zip": "全部示例（zip）",
        "exercise.page.processes": "进程",
        "exercise.page.process-pools": "进程池",
        "exercise.page.threads": "线程",
        "exercise.page.thread-pools": "线程池",
        "exercise.page.coroutines": "协程",
        "exercise.page.subinterpreters": "子解释器与自由线程",
        "exercise.page.comparison": "对比与选择",
        "exercise.table.exercise": "练习",
        "exercise.table.page": "主题",
        "exercise.table.kind": "类型",
        "exercise.table.runs": "检查方式",
        "exercise.table.minutes": "时间（分钟）",
        "exercise.table.total": "共 {n} 道练习，估计总时间约 {minutes} 分钟。",
        "exercise.sheet.online": "在网页上做",
        "exercise.sheet.order": "打乱的输出行（排成你预测的顺序）：",
        "exercise.sheet.choose": "选项（选出你预测的输出）：",
        "exercise.sheet.local_solution": "用参考答案检验检查器（应当全部通过，退出码为 0）：",
        "exercise.js.sep": "",
        "exercise.js.check": "检查",
        "exercise.js.checking": "正在检查…",
        "exercise.js.passed": "通过",
        "exercise.js.failed": "未通过",
        "exercise.js.not_run": "没有运行",
        "exercise.js.all_passed": "全部检查通过！可以对照参考答案和讲解。",
        "exercise.js.some_failed": "{failed} 项检查未通过（共 {total} 项）。",
        "exercise.js.loads": "你的代码没能加载：{detail}",
        "exercise.js.loads_hint": '先按“运行”看看有没有 SyntaxError；保留 `if __name__ == "__main__":` 这一行。',
        "exercise.js.stopped": "检查已停止。如果代码一直不结束，看看有没有不含 await 的循环。",
        "exercise.js.error": "检查没能完成，见下面的输出。",
        "exercise.js.reveal": "显示参考答案",
        "exercise.js.reveal_locked": "先尝试一次（检查或运行），才能查看参考答案。",
        "exercise.js.hide": "隐藏参考答案",
        "exercise.js.reset": "重置这道练习",
        "exercise.js.progress": "本页练习：完成 {done} / {total}",
        "exercise.js.reset_all": "清除本页的练习进度",
        "exercise.js.done": "已完成",
        "exercise.js.order": "把这些行排成你预测的输出顺序（用 ↑ ↓ 按钮移动）：",
        "exercise.js.choose": "选出你预测的输出：",
        "exercise.js.up": "上移：{line}",
        "exercise.js.down": "下移：{line}",
        "exercise.js.right": "预测正确！",
        "exercise.js.wrong_order": "还不对：有 {n} 行的位置不对。",
        "exercise.js.wrong_choice": "不是这个，再想想。",
        "exercise.js.choose_first": "先选一个答案。",
        "exercise.js.run_it": "按上面的“运行”可以看到真实的输出。",
    },
    "en": {
        "example.download": "Download",
        "example.output": "Output",
        "example.zip": "Download all examples (zip)",
        "example.permalink": "Permanent link to this example",
        "example.zip.short": "All examples (zip)",
        "offline.zip": "Download the offline classroom bundle (zip)",
        "example.embed": "Embed",
        "example.embed.title": "Copy the iframe code to embed this example in course material or an LMS",
        "example.embed.copied": "iframe code copied",
        "embed.source": "See this example on {site}",
        "code.lines": "lines {first}–{last}",
        "search.dialog": "Search",
        "redirect.title": "This page has moved",
        "figure.title": "median of {n} runs (lowest–highest in brackets)",
        "figure.python": ", Python {python}",
        "notebook.download": "Download",
        "notebook.hint": "Keep these files in one folder. They need Python 3.10 or "
        "newer, psutil and matplotlib (pip install psutil matplotlib). python {py} "
        "prints the tables in a terminal; open the .ipynb in Jupyter (pip install "
        "jupyter as well). With measurements.json they show this site's figures; "
        "without it they first measure on your machine, for about a minute.",
        "heading.permalink": "Permanent link",
        "diagram.name": "Diagram: {labels}",
        "diagram.separator": ", ",
        "theme.dark": "Dark mode",
        "theme.light": "Light mode",
        "present.toggle": "Presentation mode: large type, full width (Esc leaves)",
        "handout.link": "Handout PDF",
        "handout.link.title": "The whole note as one PDF handout, in nav order, for printing",
        "handout.kind": "Handout: the whole site as a PDF",
        "handout.url": "Website: {url}",
        "handout.local": "A handout from a local build: no site address was set (PTC_SITE_URL), so links to files on the site keep only their text.",
        "handout.note": "Every example's code and expected output are in this handout; to run the coroutine examples in your browser or download the example files, open the website.",
        "handout.contents": "Contents",
        "run.run": "Run",
        "run.stop": "Stop",
        "run.reset": "Reset",
        "run.toolbar": "Run this code",
        "run.editor": "Editable Python code. Ctrl+Enter runs it; press Esc, then Tab, "
        "to leave the editor.",
        "run.output": "Output of this run",
        "run.loading": "Loading Python in your browser",
        "run.starting": "Starting Python…",
        "run.running": "Running…",
        "run.still": "Still running ({seconds} s). You can press Stop.",
        "run.ok": "Finished ({seconds} s).",
        "run.error": "The code raised an exception: see the traceback above.",
        "run.stopped": "Stopped.",
        "run.restarted": "Stopped. Python in the browser was restarted.",
        "run.failed": "Could not load Python in the browser: {message}",
        "run.dropped": "Too much output: only the first {max} lines are shown; "
        "{n} more were not.",
        "run.edited": "Code changed. Reset brings back the original.",
        "run.restored": "This is the code you changed last time (kept in this browser). "
        "Reset brings back the original.",
        "run.copy": "Copy code",
        "run.copied": "Copied.",
        "run.save": "Download code",
        "link.copy.section": "Copy the link to this section",
        "link.copy.example": "Copy the link to this example",
        "link.copied": "Link copied",
        "run.print_edited": "The code as edited (the original is on the web page)",
        "run.share": "Share",
        "run.share_copied": "Share link copied. Whoever opens it sees this code; it runs only when they press Run.",
        "run.share_in_address": "The share link is in the address bar: copy it from there.",
        "run.share_too_long": "The code is too long for a link (at most {max} characters); use Download code.",
        "run.share_opened": "This is the code from a share link; it has not run. Press Run to run it, or Reset to go back to the original.",
        "run.share_corrupt": "This share link is damaged and its code cannot be read; the original code is shown.",
        "run.share_too_long_open": "This share link is too long and was not read; the original code is shown.",
        "run.share_missing": "The share link points to a code block ({block}) that is no longer on this page: it was renamed or removed. The page is shown as it is.",
        "run.matches": "The output matches the expected output below.",
        "run.differs": "The output differs from the expected output below.",
        "run.expected": "Expected output",
        "run.download": "Download this example",
        "run.local": "Download it and run it with Python on your computer:",
        "run.sep": " ",
        "cannot.input": "Python in the browser cannot read the keyboard with input().",
        "cannot.threads": "Python in the browser (Pyodide) has no threads: "
        "WebAssembly on a web page gets one thread.",
        "cannot.processes": "Python in the browser (Pyodide) cannot create processes: "
        "a web page cannot start OS processes.",
        "cannot.subprocess": "Python in the browser cannot start other programs with "
        "subprocess: a web page cannot start OS processes.",
        "exercise.note.title": "Added by this site: exercises (not in the original note)",
        "exercise.note": "These exercises are this site's addition; the original note has none. Predict first, then check; fix and write exercises are checked in your browser with Check (coroutines), or downloaded and checked on your computer with `check.py` (processes and threads). A solution opens after at least one attempt. Your progress stays in this browser and is sent nowhere.",
        "exercise.heading": "Exercise {n}: {title}",
        "exercise.kind.predict": "Predict",
        "exercise.kind.fix": "Fix",
        "exercise.kind.write": "Write",
        "exercise.minutes": "about {minutes} min",
        "exercise.runs.browser": "checked in your browser",
        "exercise.runs.local": "checked on your computer",
        "exercise.runs.recorded": "the answer is a real run",
        "exercise.solution": "Solution",
        "exercise.output": "Output of a real run",
        "exercise.local": "Download all examples (zip), go into the folder `lab/{page}/{n}/` and run:",
        "exercise.local.zip": "all examples (zip)",
        "exercise.page.processes": "Processes",
        "exercise.page.process-pools": "Process pools",
        "exercise.page.threads": "Threads",
        "exercise.page.thread-pools": "Thread pools",
        "exercise.page.coroutines": "Coroutines",
        "exercise.page.subinterpreters": "Subinterpreters and free threading",
        "exercise.page.comparison": "Comparison",
        "exercise.table.exercise": "Exercise",
        "exercise.table.page": "Topic",
        "exercise.table.kind": "Kind",
        "exercise.table.runs": "Checked",
        "exercise.table.minutes": "Minutes",
        "exercise.table.total": "{n} exercises, about {minutes} minutes in all.",
        "exercise.sheet.online": "do it on the web page",
        "exercise.sheet.order": "The output lines, shuffled (put them in the order you predict):",
        "exercise.sheet.choose": "The options (pick the output you predict):",
        "exercise.sheet.local_solution": "The solution passes the checker (every check, exit code 0):",
        "exercise.js.sep": " ",
        "exercise.js.check": "Check",
        "exercise.js.checking": "Checking…",
        "exercise.js.passed": "passed",
        "exercise.js.failed": "failed",
        "exercise.js.not_run": "not run",
        "exercise.js.all_passed": "All checks passed! Compare with the solution and its explanation.",
        "exercise.js.some_failed": "{failed} of {total} checks failed.",
        "exercise.js.loads": "Your code could not be loaded: {detail}",
        "exercise.js.loads_hint": 'Press Run to look for a SyntaxError; keep the line `if __name__ == "__main__":`.',
        "exercise.js.stopped": "Check stopped. If your code never ends, look for a loop with no await in it.",
        "exercise.js.error": "The check could not finish: see the output below.",
        "exercise.js.reveal": "Show the solution",
        "exercise.js.reveal_locked": "Try once first (Check or Run); then the solution opens.",
        "exercise.js.hide": "Hide the solution",
        "exercise.js.reset": "Reset this exercise",
        "exercise.js.progress": "Exercises on this page: {done} of {total} done",
        "exercise.js.reset_all": "Clear the progress on this page",
        "exercise.js.done": "Done",
        "exercise.js.order": "Put these lines in the order you predict (move them with ↑ and ↓):",
        "exercise.js.choose": "Pick the output you predict:",
        "exercise.js.up": "Move up: {line}",
        "exercise.js.down": "Move down: {line}",
        "exercise.js.right": "Your prediction is right!",
        "exercise.js.wrong_order": "Not yet: {n} lines are in the wrong place.",
        "exercise.js.wrong_choice": "Not this one; think again.",
        "exercise.js.choose_first": "Pick an answer first.",
        "exercise.js.run_it": "Press Run above to see the real output.",
    },
}


def label(lang: str, key: str, **values: object) -> str:
    """The label `key` in `lang` (English for an unknown language), filled in."""
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def group(prefix: str) -> dict[str, dict[str, str]]:
    """The labels under `prefix.` in every language, keys without the prefix."""
    return {
        lang: {
            key.removeprefix(prefix + "."): text
            for key, text in table.items()
            if key.startswith(prefix + ".")
        }
        for lang, table in LABELS.items()
    }


def source_language(name: str) -> str:
    """The language of a source file by its suffix, as mkdocs-static-i18n's
    suffix layout reads it: `threads.en.md` is en, `threads.md` zh."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else DEFAULT


def page_language(page, config) -> str:
    """The page's language: mkdocs-static-i18n sets `page.file.locale`;
    without it (404.html, or a build without i18n) the theme's language."""
    locale = getattr(getattr(page, "file", None), "locale", None)
    return locale or config["theme"]["language"] or DEFAULT
