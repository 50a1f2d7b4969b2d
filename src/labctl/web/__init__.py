"""The web front end: `labctl serve`.

A learner's page (the tasks rendered with the env's own parameters, a browser
terminal into the lab's workspace, Check buttons and hints) and an
instructor's live class view. Like `cli/`, it is thin: every action calls the
same core and classroom functions the CLI calls.

    app        the FastAPI app factory and the state one server holds
    routes     HTML pages and the JSON API of the learner's page and the class view
    auth       tokens from cookies or headers; who may see which env
    terminal   TTY exec sessions kept server-side (scrollback, reconnect, viewers)
    hub        server-sent events: publish/subscribe between threads and the event loop
    jobs       the warm grading processes and the class-wide jobs (grade all, reset)
    markdown   task texts to HTML (markdown-it-py, raw HTML off)
    server     uvicorn, TLS, the owner link, log redaction
    static/    CSS and JavaScript; vendor/ holds xterm.js and its addons (MIT) from npm

Nothing here is imported unless `labctl serve` runs.
"""
