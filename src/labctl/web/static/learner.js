/* The learner's page: tasks with Check and hints, browser terminals, live updates. */
"use strict";

(function () {
  const { el, api, num, toast, data } = window.labctl;
  const api_base = data.urls.api;
  let standing = data.standing;
  let checking = 0;

  // -- tasks, score, feedback, hints ---------------------------------------------------

  function taskSpec(id) { return data.tasks.find((t) => t.id === id); }

  function renderStanding(next) {
    standing = next;
    const score = document.getElementById("score");
    score.textContent = "Score " + num(standing.score) + " / " + num(standing.max_score) + " (" + num(standing.percent) + "%)";
    score.dataset.score = standing.score;
    for (const t of standing.tasks) {
      const card = document.getElementById("task-" + t.id);
      if (!card) continue;
      card.dataset.state = t.state;
      card.querySelector("[data-points]").textContent = (t.score === null ? "–" : num(t.score)) + "/" + num(t.points);
      const feedback = card.querySelector("[data-feedback]");
      feedback.replaceChildren(...(t.state === "failed" ? t.feedback : []).map((line) => el("li", { text: line })));
      if (t.state === "passed") feedback.replaceChildren(el("li", { class: "ok", text: "All checks pass." }));
      const hints = card.querySelector("[data-hints]");
      hints.replaceChildren(...t.hints.map((text, i) => {
        const body = el("span", { class: "hint-text" });
        body.innerHTML = (t.hints_html || [])[i] || "";  // rendered on the server, raw HTML escaped
        if (!body.innerHTML) body.textContent = text;
        return el("li", { "data-hint-level": i + 1 }, el("strong", { text: "Hint " + (i + 1) + ": " }), body);
      }));
      const button = card.querySelector("[data-hint]");
      const left = t.hints_total - t.hints_used;
      button.disabled = left <= 0 || data.watching;
      button.textContent = t.hints_total === 0 ? "No hints" : left > 0 ? "Hint (" + left + " left)" : "No hints left";
      const when = card.querySelector("[data-when]");
      when.textContent = t.graded_at ? "checked " + window.labctl.ago(t.graded_at) : "";
      if (t.hint_penalty) when.textContent += (when.textContent ? " · " : "") + "hints cost " + num(t.hint_penalty);
    }
  }

  async function loadHistory() {
    try {
      const body = await api(api_base + "/history?limit=10");
      const list = document.getElementById("history");
      list.replaceChildren(...body.runs.map((r) => el("li", {},
        new Date(r.graded_at * 1000).toLocaleTimeString() + " · " + num(r.score) + "/" + num(r.max_score) +
        " · " + (r.tasks.length === data.tasks.length ? "all tasks" : r.tasks.join(", ")))));
    } catch (error) { /* history is a nicety */ }
  }

  function setChecking(on, task) {
    checking += on ? 1 : -1;
    for (const button of document.querySelectorAll("[data-check], #check-all")) {
      const mine = task ? button.closest("[data-task]")?.dataset.task === task : button.id === "check-all";
      if (mine) {
        button.disabled = on;
        button.classList.toggle("busy", on);
        button.textContent = on ? "Checking…" : button.id === "check-all" ? "Check all" : "Check";
      }
    }
  }

  async function check(task) {
    setChecking(true, task);
    try {
      const body = await api(api_base + "/check", { method: "POST", json: { task: task || null } });
      renderStanding(body.standing);
      loadHistory();
    } catch (error) {
      toast("Check failed: " + error.message);
    } finally {
      setChecking(false, task);
    }
  }

  const dialog = document.getElementById("hint-dialog");
  function askHint(taskId) {
    const spec = taskSpec(taskId);
    const t = standing.tasks.find((x) => x.id === taskId);
    const level = t.hints_used + 1;
    const penalty = data.hint_penalty;
    const total = Math.min(spec.points, level * penalty);
    let question = "Reveal hint " + level + " of " + t.hints_total + " for “" + spec.title + "”? ";
    question += penalty > 0
      ? "Each hint costs " + num(penalty) + " point(s) of this task: with this one, your hints cost " + num(total) + " of its " + num(spec.points) + " points."
      : "Hints are free in this lab.";
    document.getElementById("hint-question").textContent = question;
    dialog.dataset.task = taskId;
    dialog.returnValue = "";
    dialog.showModal();
  }
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "ok") return;
    try {
      const body = await api(api_base + "/hints/" + encodeURIComponent(dialog.dataset.task), { method: "POST" });
      renderStanding(body.standing);
    } catch (error) { toast("Hint failed: " + error.message); }
  });

  for (const card of document.querySelectorAll("[data-task]")) {
    card.querySelector("[data-check]").addEventListener("click", () => check(card.dataset.task));
    card.querySelector("[data-hint]").addEventListener("click", () => askHint(card.dataset.task));
  }
  document.getElementById("check-all").addEventListener("click", () => check(null));
  if (data.watching) {
    for (const button of document.querySelectorAll("[data-hint]")) button.disabled = true;
  }

  // -- terminals -------------------------------------------------------------------------

  const tabs = new Map();  // tab id -> {term, fit, ws, attach, pane, button, ended, retries}
  let active = null;
  let mode = data.watching ? "view" : "own";
  const note = document.getElementById("term-note");
  const conn = document.getElementById("conn");
  labctl.tabs = tabs;

  function showNote(text) { note.textContent = text; note.hidden = !text; }

  function setConn(text, ok) { conn.textContent = text; conn.className = "conn " + (ok ? "ok" : "bad"); }

  function newTerm() {
    const term = new Terminal({
      cursorBlink: true, fontSize: 14, lineHeight: 1.15, scrollback: 5000, allowProposedApi: false,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      theme: { background: "#1b1f27", foreground: "#d8dee9", cursor: "#f0c674" },
      disableStdin: mode === "view",
    });
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    return { term, fit };
  }

  function addTab(info) {
    if (tabs.has(info.tab)) return tabs.get(info.tab);
    const { term, fit } = newTerm();
    const pane = el("div", { class: "term", "data-tab": info.tab, hidden: true });
    document.getElementById("terminals").append(pane);
    const index = tabs.size + 1;
    const close = el("span", { class: "x", title: "Close this terminal (ends its shell)", text: "×" });
    const button = el("button", { type: "button", class: "tab", "data-tab": info.tab }, "Terminal " + index, data.watching ? null : close);
    document.getElementById("tab-list").append(button);
    const state = { info, term, fit, pane, button, link: null, ended: false, retries: 0, opened: false };
    tabs.set(info.tab, state);
    button.addEventListener("click", (event) => {
      if (event.target === close) { closeTab(info.tab); return; }
      activate(info.tab);
    });
    term.onResize(({ rows, cols }) => sendResize(state, rows, cols));
    if (data.watching && info.rows && info.cols) term.resize(info.cols, info.rows);
    return state;
  }

  let resizeTimer = null;
  function sendResize(state, rows, cols) {
    if (data.watching || state.ended) return;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      api(api_base + "/terminals/" + state.info.tab + "/resize", { method: "POST", json: { rows, cols } }).catch(() => {});
    }, 120);
  }

  function activate(tab) {
    const state = tabs.get(tab);
    if (!state) return;
    active = tab;
    for (const [id, s] of tabs) {
      s.pane.hidden = id !== tab;
      s.button.classList.toggle("active", id === tab);
    }
    if (!state.opened) { state.term.open(state.pane); state.opened = true; }
    if (!data.watching) state.fit.fit();
    if (!state.link && !state.ended) connect(tab);
    state.term.focus();
    labctl.term = state.term;
  }

  /* One connection of a tab: its own socket and attach addon, so that a connection being
     replaced (join/leave, reconnect) can never touch its successor. */
  function connect(tab) {
    const state = tabs.get(tab);
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(proto + "://" + location.host + data.urls.ws + "/" + tab + "?mode=" + mode);
    const link = { ws, attach: null, dropped: false };
    ws.binaryType = "arraybuffer";
    state.link = link;
    ws.addEventListener("open", () => {
      if (link.dropped) return;
      state.retries = 0;
      state.term.reset();  // the server replays the screen first
      link.attach = new AttachAddon.AttachAddon(ws, { bidirectional: mode !== "view" });
      state.term.loadAddon(link.attach);
      state.term.options.disableStdin = mode === "view";
      setConn(mode === "view" ? "watching (read-only)" : mode === "join" ? "joined" : "connected", true);
      if (!data.watching) sendResize(state, state.term.rows, state.term.cols);
    });
    ws.addEventListener("close", (event) => {
      if (link.attach) { link.attach.dispose(); link.attach = null; }
      if (link.dropped || state.link !== link) return;
      state.link = null;
      if (event.code === 1000 || event.code === 4404) {
        state.ended = true;
        state.term.write("\r\n\x1b[33m[" + (event.reason || "this terminal has ended") + "]\x1b[0m\r\n");
        state.button.classList.add("ended");
        return;
      }
      if (event.code === 4401 || event.code === 4403) {
        setConn("not allowed", false);
        showNote("This terminal refused your link: " + (event.reason || "log in again with your personal link"));
        return;
      }
      const delay = Math.min(5000, 300 * 2 ** state.retries++);
      setConn("reconnecting…", false);
      setTimeout(() => { if (!state.link && !state.ended && tabs.has(tab)) connect(tab); }, delay);
    });
  }

  function drop(state) {
    const link = state.link;
    if (!link) return;
    link.dropped = true;
    if (link.attach) { link.attach.dispose(); link.attach = null; }
    link.ws.close();
    state.link = null;
  }

  function closeTab(tab) {
    const state = tabs.get(tab);
    if (!state) return;
    if (!state.ended) api(api_base + "/terminals/" + tab, { method: "DELETE" }).catch(() => {});
    drop(state);
    removeTab(tab);
  }

  function removeTab(tab) {
    const state = tabs.get(tab);
    if (!state) return;
    state.term.dispose();
    state.pane.remove();
    state.button.remove();
    tabs.delete(tab);
    if (active === tab) {
      active = null;
      const next = tabs.keys().next();
      if (!next.done) activate(next.value);
    }
  }

  async function openTab() {
    try {
      const info = await api(api_base + "/terminals", { method: "POST" });
      addTab(info);
      activate(info.tab);
    } catch (error) {
      toast("Could not open a terminal: " + error.message);
    }
  }

  function syncTabs(sessions) {
    for (const info of sessions) {
      const state = tabs.get(info.tab) || addTab(info);
      state.info = info;
    }
    if (!active && tabs.size) activate(tabs.keys().next().value);
    updateBanner(sessions);
  }

  function updateBanner(sessions) {
    const banner = document.getElementById("banner");
    if (data.watching) {
      banner.textContent = mode === "join"
        ? "You joined " + (data.student_name || data.student) + "'s terminal: they see a banner saying so, and what you type."
        : "You are watching " + (data.student_name || data.student) + "'s terminal (read-only).";
      banner.hidden = false;
      banner.className = "banner instructor";
      return;
    }
    const watchers = sessions.flatMap((s) => s.viewers.filter((v) => v.who === "instructor").map((v) => v.mode));
    if (watchers.includes("join")) {
      banner.textContent = "Your instructor has joined your terminal: they can see it and type in it.";
      banner.className = "banner joined";
      banner.hidden = false;
    } else if (watchers.length) {
      banner.textContent = "Your instructor is watching your terminal (read-only).";
      banner.className = "banner watched";
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }

  async function startTerminals() {
    if (data.terminal_refusal) {
      showNote(data.terminal_refusal);
      document.getElementById("new-tab").hidden = true;
      return;
    }
    if (data.watching) {
      document.getElementById("watch-controls").hidden = false;
      document.getElementById("new-tab").hidden = true;
      document.getElementById("join").addEventListener("click", (event) => {
        mode = mode === "join" ? "view" : "join";
        event.target.textContent = mode === "join" ? "Leave (back to read-only)" : "Join (type in the student's terminal)";
        for (const [tab, state] of tabs) {
          drop(state);
          state.term.options.disableStdin = mode === "view";
          if (!state.ended && state.opened) connect(tab);
        }
        updateBanner([]);
      });
      if (!data.terminals.length) showNote("The student has no terminal open right now.");
      syncTabs(data.terminals);
      updateBanner([]);
      return;
    }
    document.getElementById("new-tab").addEventListener("click", openTab);
    if (data.status !== "up") {
      showNote("This env is " + data.status + ", not up: no terminal until it is up again.");
      return;
    }
    if (data.terminals.length) syncTabs(data.terminals);
    else await openTab();
  }

  window.addEventListener("resize", () => {
    const state = active && tabs.get(active);
    if (state && !data.watching) state.fit.fit();
  });

  // -- live events -------------------------------------------------------------------------

  window.labctl.listen(data.urls.events, {
    standing: (event) => { if (!checking) renderStanding(event.standing); loadHistory(); },
    terminals: (event) => {
      if (data.watching && event.terminals.length) showNote("");
      syncTabs(event.terminals);
      for (const tab of [...tabs.keys()]) {
        if (!event.terminals.some((s) => s.tab === tab) && !tabs.get(tab).ended) {
          const state = tabs.get(tab);
          state.ended = true;
          state.button.classList.add("ended");
        }
      }
    },
  });

  renderStanding(standing);
  loadHistory();
  startTerminals();
})();
