// The workstation's own script: progressive enhancement only; every page works without it.
(function () {
  "use strict";

  // Drafts survive a reload: a form marked data-draft keeps its fields in localStorage
  // (key), with whether it was sent (key:sent) and when it was last typed in (key:at).
  // A page answering a form that went through (a ticket made or acted on, an article or an
  // admin setting saved) says so: the drafts sent are done with. Another ticket opened meanwhile does not clear them.
  var DRAFT = "hotline-draft:";
  function removeDraft(key) {
    localStorage.removeItem(key);
    localStorage.removeItem(key + ":sent");
    localStorage.removeItem(key + ":at");
  }
  function clearSentDrafts() {
    if (!document.querySelector("[data-draft-answered]")) return;
    Object.keys(localStorage).forEach(function (k) {
      if (k.indexOf(DRAFT) === 0 && /:sent$/.test(k)) removeDraft(k.slice(0, -":sent".length));
    });
  }

  // A draft nobody typed in for a week was left: an action no longer offered on its ticket,
  // a call abandoned. It goes, with the caller's details in it. One kept before drafts were
  // dated starts its week now.
  var DRAFT_DAYS = 7;
  function expireDrafts() {
    var now = Date.now();
    Object.keys(localStorage).forEach(function (k) {
      if (k.indexOf(DRAFT) !== 0 || /:(sent|at)$/.test(k)) return;
      var at = Number(localStorage.getItem(k + ":at"));
      if (!at) localStorage.setItem(k + ":at", String(now));
      else if (now - at > DRAFT_DAYS * 24 * 3600 * 1000) removeDraft(k);
    });
  }

  // Signing out (a shared workstation's next shift): nothing kept unsent stays behind.
  function clearDraftsOnSignOut() {
    document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
      form.addEventListener("submit", function () {
        Object.keys(localStorage).forEach(function (k) {
          if (k.indexOf(DRAFT) === 0) localStorage.removeItem(k);
        });
      });
    });
  }

  function draftForms() {
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = DRAFT + form.getAttribute("data-draft");
      if (form.hasAttribute("data-draft-clear")) removeDraft(key);
      var saved = null;
      try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
      if (saved && !form.hasAttribute("data-draft-server")) {
        Object.keys(saved).forEach(function (name) {
          var els = form.elements.namedItem(name);
          if (!els) return;
          var list = els instanceof RadioNodeList ? Array.prototype.slice.call(els) : [els];
          list.forEach(function (el) {
            if (el.type === "checkbox" || el.type === "radio") {
              el.checked = saved[name].indexOf(el.value) >= 0;
            } else if (el.type !== "hidden" && el.type !== "submit") {
              el.value = saved[name][0] || "";
            }
          });
        });
        form.querySelectorAll("select[data-parent]").forEach(filterChildren);
        var note = form.querySelector("[data-draft-note]");
        if (note) note.hidden = false;
        // A form folded away (a ticket's action) opens to show what came back.
        var fold = form.closest("details");
        if (fold) fold.open = true;
      }
      function save() {
        var data = {};
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "password") return;
          if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
            data[el.name] = data[el.name] || [];
            return;
          }
          (data[el.name] = data[el.name] || []).push(el.value);
        });
        localStorage.setItem(key, JSON.stringify(data));
        localStorage.setItem(key + ":at", String(Date.now()));
      }
      // Sent is not yet taken: the draft stays, marked, until a ticket page answers (below). A
      // refusal, an expired session or a lost connection brings the form back with it.
      localStorage.removeItem(key + ":sent");
      form.addEventListener("submit", function () { localStorage.setItem(key + ":sent", "1"); });
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      var discard = form.querySelector("[data-draft-discard]");
      if (discard) discard.addEventListener("click", function () {
        removeDraft(key);
        form.reset();
      });
    });
  }

  // Place pickers: a street list shows only the chosen district's streets, and so on down.
  function filterChildren(child) {
    var parent = document.getElementById(child.getAttribute("data-parent"));
    if (!parent) return;
    var code = parent.value;
    Array.prototype.forEach.call(child.options, function (o) {
      var p = o.getAttribute("data-of");
      o.hidden = !!p && !!code && p !== code;
    });
    var sel = child.options[child.selectedIndex];
    if (sel && sel.hidden) child.value = "";
  }
  function placePickers() {
    document.querySelectorAll("select[data-parent]").forEach(function (child) {
      var parent = document.getElementById(child.getAttribute("data-parent"));
      if (!parent) return;
      parent.addEventListener("change", function () {
        filterChildren(child);
        child.dispatchEvent(new Event("change", { bubbles: true }));
      });
      filterChildren(child);
    });
  }

  // Countdowns: every [data-due] inside .countdown shows the wall-clock time left.
  // Counted on the server's clock: the page says what "now" was when it was made.
  var main = document.getElementById("main");
  var skew = main && main.getAttribute("data-now") ? parseInt(main.getAttribute("data-now"), 10) - Date.now() / 1000 : 0;
  function tick() {
    var now = Date.now() / 1000 + skew;
    document.querySelectorAll(".countdown [data-due]").forEach(function (el) {
      var left = parseInt(el.getAttribute("data-due"), 10) - now;
      var out = el.parentNode.querySelector(".left");
      if (!out) return;
      var s = Math.abs(left), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
      var txt = d > 0 ? d + "天" + h + "小时" : h > 0 ? h + "小时" + m + "分" : m + "分";
      out.textContent = left >= 0 ? "距截止 " + txt : "已超时 " + txt;
    });
  }

  // "填入" for a place found in the text: district, street and community in turn, each
  // change narrowing the next picker. A button that replaces the form's place
  // (data-replace) also clears the levels the text does not name.
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("[data-fill-place]") : null;
    if (!b) return;
    var replace = b.hasAttribute("data-replace");
    ["district", "street", "community"].forEach(function (level) {
      var field = document.getElementById(level);
      var code = b.getAttribute("data-" + level);
      if (!field || (!code && !replace)) return;
      field.value = code || "";
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  // Buttons in the side panel fill a field of the form (the merge master, the article used)
  // and open the section it is in.
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("[data-fill]") : null;
    if (!b) return;
    var field = document.getElementById(b.getAttribute("data-fill"));
    if (!field) return;
    field.value = b.getAttribute("data-value");
    // A second field filled by the same button (the time read from the text, beside its words).
    var also = b.getAttribute("data-also") && document.getElementById(b.getAttribute("data-also"));
    if (also && b.hasAttribute("data-also-value")) {
      also.value = b.getAttribute("data-also-value");
      also.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var d = field.closest("details");
    if (d) d.open = true;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  });

  // Ctrl+Enter submits the form being typed in (its first submit button).
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.form) {
      var b = e.target.form.querySelector("button[type=submit]");
      if (b) { e.preventDefault(); b.click(); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    placePickers();
    clearSentDrafts();
    expireDrafts();
    clearDraftsOnSignOut();
    draftForms();
    tick();
    setInterval(tick, 30000);
  });
})();
