/* labctl web: helpers shared by the learner's page and the class view (no build step). */
"use strict";

const labctl = (window.labctl = window.labctl || {});

labctl.data = JSON.parse(document.getElementById("page-data").textContent);

labctl.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

labctl.toast = function (message, kind) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = message;
  box.className = "toast " + (kind || "error");
  box.hidden = false;
  clearTimeout(labctl._toastTimer);
  labctl._toastTimer = setTimeout(() => { box.hidden = true; }, 8000);
};

labctl.api = async function (path, options) {
  const opts = Object.assign({ method: "GET", headers: {} }, options || {});
  opts.credentials = "same-origin";
  if (opts.json !== undefined) {
    opts.body = JSON.stringify(opts.json);
    opts.headers["Content-Type"] = "application/json";
    delete opts.json;
  }
  const response = await fetch(path, opts);
  let body = null;
  const type = response.headers.get("content-type") || "";
  if (type.includes("application/json")) body = await response.json();
  if (!response.ok) {
    const message = (body && body.error) || response.status + " " + response.statusText;
    const error = new Error(message + (body && body.hint ? " " + body.hint : ""));
    error.status = response.status;
    throw error;
  }
  return body;
};

labctl.num = function (value) {
  if (value === null || value === undefined) return "–";
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
};

labctl.ago = function (timestamp) {
  if (!timestamp) return "never";
  const seconds = Math.max(0, Date.now() / 1000 - timestamp);
  if (seconds < 45) return "just now";
  if (seconds < 90 * 60) return Math.round(seconds / 60) + " min ago";
  if (seconds < 36 * 3600) return Math.round(seconds / 3600) + " h ago";
  return new Date(timestamp * 1000).toLocaleString();
};

labctl.duration = function (seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 90 * 60) return Math.max(1, Math.round(seconds / 60)) + " min";
  return Math.round(seconds / 3600) + " h";
};

/* Server-sent events with a status line; EventSource reconnects by itself. */
labctl.listen = function (url, handlers, statusEl) {
  const source = new EventSource(url);
  source.onopen = () => { if (statusEl) { statusEl.textContent = "live"; statusEl.className = "conn ok"; } };
  source.onerror = () => { if (statusEl) { statusEl.textContent = "reconnecting…"; statusEl.className = "conn bad"; } };
  for (const [type, handler] of Object.entries(handlers)) {
    source.addEventListener(type, (event) => handler(JSON.parse(event.data)));
  }
  return source;
};
