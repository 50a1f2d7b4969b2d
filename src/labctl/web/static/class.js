/* The instructor's class view: live rows, pass rates, grade all, reset, export. */
"use strict";

(function () {
  const { el, api, num, toast, data } = window.labctl;
  const rows = new Map();  // student id -> row data
  let lab = data.lab;
  const body = document.querySelector("#roster tbody");

  function progressText(row) {
    switch (row.progress) {
      case "done": return "all tasks pass";
      case "stuck": return "stuck " + labctl.duration(row.stalled_for) + (row.current_task ? " on " + row.current_task : "");
      case "idle": return "idle " + labctl.duration(row.stalled_for);
      case "waiting": return "env " + row.env_state;
      default: return row.current_task ? "on " + row.current_task : "";
    }
  }

  function renderRow(row, flash) {
    rows.set(row.student_id, row);
    let tr = body.querySelector('tr[data-student="' + CSS.escape(row.student_id) + '"]');
    const cells = [
      el("td", { class: "l" }, el("strong", { text: row.name || row.student_id }), row.name ? el("small", { text: " " + row.student_id }) : null),
      el("td", { class: "l env-state " + row.env_state, text: row.env_state }),
      ...data.tasks.map((t) => {
        const cell = row.tasks[t.id] || { state: "untried", score: null, hints: 0 };
        return el("td", { class: "task " + cell.state, "data-task": t.id, title: t.title + ": " + cell.state + (cell.hints ? ", " + cell.hints + " hint(s)" : "") },
          cell.score === null ? "–" : num(cell.score), cell.hints ? el("sup", { class: "hintcount", text: "h" + cell.hints }) : null);
      }),
      el("td", { class: "score", text: row.score === null ? "–" : num(row.score) + "/" + num(row.max_score) }),
      el("td", { text: String(row.hints_used) }),
      el("td", { class: "l", "data-ago": row.last_activity || "", text: labctl.ago(row.last_activity) }),
      el("td", { class: "l", "data-ago": row.last_graded || "", text: labctl.ago(row.last_graded) }),
      el("td", { class: "l progress", text: progressText(row) }),
      el("td", { class: "l actions" },
        el("a", { href: "/envs/" + lab + "/" + row.env, target: "_blank", rel: "noopener", class: "button", "data-open": row.student_id,
                  title: "Open the student's page: their terminal read-only, or join it" },
          "Terminal" + (row.terminals ? " (" + row.terminals + ")" : "")),
        el("button", { type: "button", "data-reset": row.student_id, onclick: () => reset(row) }, "Reset")),
    ];
    const fresh = el("tr", { "data-student": row.student_id, "data-score": row.score === null ? "" : row.score,
                             "data-passed": row.passed, "data-progress": row.progress, class: "p-" + row.progress }, ...cells);
    if (tr) tr.replaceWith(fresh); else body.append(fresh);
    if (flash) { fresh.classList.add("flash"); setTimeout(() => fresh.classList.remove("flash"), 1500); }
  }

  function renderChart() {
    const chart = document.getElementById("chart");
    const all = [...rows.values()];
    chart.replaceChildren(...data.tasks.map((t) => {
      const graded = all.filter((r) => r.tasks[t.id] && r.tasks[t.id].state !== "untried");
      const passed = graded.filter((r) => r.tasks[t.id].state === "passed");
      const rate = graded.length ? passed.length / graded.length : null;
      const bar = el("div", { class: "bar", style: "height:" + Math.round(100 * (rate || 0)) + "%" });
      return el("div", { class: "col", "data-task": t.id, "data-rate": rate === null ? "" : rate.toFixed(4),
                         title: t.title + ": " + passed.length + "/" + graded.length + " passed" },
        el("span", { class: "pct", text: rate === null ? "n/a" : Math.round(100 * rate) + "%" }),
        el("div", { class: "track" }, bar), el("span", { class: "label", text: t.id }));
    }));
    const done = all.filter((r) => r.progress === "done").length;
    const stuck = all.filter((r) => r.progress === "stuck").length;
    document.getElementById("summary").textContent =
      "· " + all.length + " students · " + done + " done · " + stuck + " stuck (no progress for " + labctl.duration(data.stuck_after) + ")";
  }

  function renderJob(job) {
    const line = document.getElementById("job");
    const what = job.kind === "grade" ? "Grading the class" : "Resetting " + job.student;
    if (job.state === "running") {
      line.textContent = what + "… " + (job.total > 1 ? job.done + "/" + job.total : "");
      line.className = "job running";
    } else {
      line.textContent = what + ": " + job.state + (job.message ? " — " + job.message : "");
      line.className = "job " + job.state;
    }
    if (job.kind === "grade") document.getElementById("grade-all").disabled = job.state === "running";
  }

  async function reset(row) {
    if (!window.confirm("Reset " + (row.name || row.student_id) + "'s env? Their work and grades in it are gone; parameters, ports and password stay.")) return;
    try { await api(data.urls.api + "/students/" + encodeURIComponent(row.student_id) + "/reset", { method: "POST" }); }
    catch (error) { toast("Reset failed: " + error.message); }
  }

  document.getElementById("grade-all").addEventListener("click", async () => {
    try { renderJob(await api(data.urls.api + "/grade", { method: "POST" })); }
    catch (error) { toast("Grade all failed: " + error.message); }
  });

  labctl.listen(data.urls.events, {
    snapshot: (event) => {
      lab = event.lab;
      body.replaceChildren();
      rows.clear();
      for (const row of event.rows) renderRow(row, false);
      renderChart();
      for (const job of event.jobs) renderJob(job);
      labctl.snapshotAt = Date.now();
    },
    row: (event) => { renderRow(event.row, true); renderChart(); labctl.lastRowAt = Date.now(); },
    job: (event) => renderJob(event),
    terminals: (event) => {
      const row = rows.get(event.student);
      if (row) { row.terminals = event.terminals; renderRow(row, false); }
    },
  }, document.getElementById("live"));

  setInterval(() => {
    for (const cell of document.querySelectorAll("[data-ago]")) {
      const at = Number(cell.dataset.ago);
      cell.textContent = labctl.ago(at || null);
    }
  }, 15000);
  labctl.rows = rows;
})();
