// The benchmark's baseline: the least a page can do to show the dashboard's first rows.
// One fetch of the same first page (100 jobs) from the same simulator, the same eight
// columns, plain DOM calls, no framework, no virtualisation; then the same performance mark
// the dashboard sets, so both are timed the same way.
"use strict";

const TYPES = {
  POST_GENERATION: "Post generation", KB_INGEST_TEXT: "Text ingest",
  KB_INGEST_FILE: "File ingest", KB_INGEST_URL: "URL ingest",
  KB_INGEST_YOUTUBE: "YouTube ingest", SOURCE_INGEST_FILE: "Source file ingest",
};

function relative(now, then) {
  const s = Math.floor((now - then) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return s + " s ago";
  if (s < 3600) return Math.floor(s / 60) + " min ago";
  if (s < 86400) return Math.floor(s / 3600) + " h ago";
  return Math.floor(s / 86400) + " d ago";
}

function duration(ms) {
  if (ms < 1000) return ms + " ms";
  if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
  if (ms < 3600000) return Math.floor(ms / 60000) + " min " + String(Math.floor(ms / 1000) % 60).padStart(2, "0") + " s";
  return Math.floor(ms / 3600000) + " h " + String(Math.floor(ms / 60000) % 60).padStart(2, "0") + " min";
}

function cell(row, text) {
  const td = row.insertCell();
  if (text instanceof Node) td.append(text); else td.textContent = text;
  return td;
}

function render(jobs) {
  const now = Date.now();
  const body = document.getElementById("rows");
  const fragment = document.createDocumentFragment();
  for (const job of jobs) {
    const row = document.createElement("tr");
    row.dataset.jobId = job.id;
    cell(row, job.id.replace(/^job_/, "").slice(0, 8));
    cell(row, TYPES[job.type] || job.type);
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = job.status.charAt(0) + job.status.slice(1).toLowerCase();
    cell(row, badge);
    cell(row, relative(now, Date.parse(job.createdAt)));
    if (job.status === "RUNNING") {
      const bar = document.createElement("progress");
      bar.max = 1;
      bar.value = job.progress ? job.progress.progress : 0;
      cell(row, bar);
    } else if (job.startedAt && job.completedAt) {
      cell(row, duration(Date.parse(job.completedAt) - Date.parse(job.startedAt)));
    } else {
      cell(row, "–");
    }
    cell(row, job.attemptCount == null ? "" : String(job.attemptCount));
    cell(row, job.errorMessage ? (job.errorCode ? job.errorCode + ": " : "") + job.errorMessage : "");
    if (job.status === "QUEUED") {
      const cancel = document.createElement("button");
      cancel.textContent = "Cancel";
      cell(row, cancel);
    } else {
      cell(row, "");
    }
    fragment.append(row);
  }
  body.append(fragment);
  document.getElementById("status").textContent = jobs.length + " jobs";
  performance.mark("jobscope:first-rows");
}

fetch("/v1/jobs?limit=100", { headers: { Accept: "application/json" } })
  .then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  })
  .then((page) => render(page.data || []))
  .catch((error) => { document.getElementById("status").textContent = "Could not load jobs: " + error.message; });
