/* Static quizzes (metastasis.quiz.render_html): grade a choice or a number, explain it, and keep
 * the reader's answers in this browser (localStorage) until "Clear my answers". Feedback is
 * written with textContent only. No dependencies. */
(function () {
  "use strict";
  var PREFIX = "metastasis-quiz:";
  function storageKey(question) {
    var quiz = question.closest(".mx-quiz");
    return PREFIX + quiz.dataset.bank + ":" + question.dataset.qid;
  }
  function remember(question, value) {
    try { window.localStorage.setItem(storageKey(question), JSON.stringify(value)); } catch (e) { /* storage off */ }
  }
  function recall(question) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(question)) || "null"); } catch (e) { return null; }
  }
  function forget(question) {
    try { window.localStorage.removeItem(storageKey(question)); } catch (e) { /* storage off */ }
  }
  function say(question, ok, text) {
    var feedback = question.querySelector(".mx-feedback");
    feedback.textContent = text;
    feedback.className = "mx-feedback " + (ok ? "mx-feedback-right" : "mx-feedback-wrong");
  }
  function choose(question, button, save) {
    question.querySelectorAll(".mx-option").forEach(function (b) {
      b.classList.remove("mx-right", "mx-wrong");
      b.setAttribute("aria-pressed", "false");
    });
    var ok = button.dataset.correct === "1";
    button.classList.add(ok ? "mx-right" : "mx-wrong");
    button.setAttribute("aria-pressed", "true");
    say(question, ok, button.dataset.feedback);
    if (save) remember(question, { choice: button.textContent });
  }
  function parseNumber(text) {
    var clean = String(text).trim().replace(/\s+/g, "").replace(/,/g, ".").replace(/×10\^?/g, "e").replace(/[−–]/g, "-");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i.test(clean)) return NaN;
    return parseFloat(clean);
  }
  function close(value, key, rel, abs) {
    return Math.abs(value - key) <= Math.max(rel * Math.max(Math.abs(value), Math.abs(key)), abs);
  }
  function check(question, save) {
    var input = question.querySelector(".mx-answer");
    var value = parseNumber(input.value);
    var key = Number(question.dataset.key), rel = Number(question.dataset.relative), abs = Number(question.dataset.absolute);
    if (input.value.trim() === "") { say(question, false, "Type a number first."); return; }
    if (isNaN(value)) { say(question, false, "That is not a number: type digits, e.g. 0.25 or 1.5e6."); return; }
    if (save) remember(question, { value: input.value });
    if (close(value, key, rel, abs)) { say(question, true, question.dataset.right); return; }
    var wrong = JSON.parse(question.dataset.misconceptions || "[]");
    for (var i = 0; i < wrong.length; i++) {
      if (close(value, wrong[i][0], rel, abs)) { say(question, false, wrong[i][1]); return; }
    }
    say(question, false, question.dataset.wrong + " " + input.value.trim() + " " + question.dataset.unit + " is " +
      (value > key ? "too high." : "too low."));
  }
  function reset(quiz) {
    quiz.querySelectorAll(".mx-question").forEach(function (question) {
      forget(question);
      question.querySelectorAll(".mx-option").forEach(function (b) {
        b.classList.remove("mx-right", "mx-wrong");
        b.setAttribute("aria-pressed", "false");
      });
      var input = question.querySelector(".mx-answer");
      if (input) input.value = "";
      var feedback = question.querySelector(".mx-feedback");
      feedback.textContent = "";
      feedback.className = "mx-feedback";
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("button");
    if (!target) return;
    var question = target.closest(".mx-question");
    if (target.classList.contains("mx-option") && question) choose(question, target, true);
    else if (target.classList.contains("mx-check") && question) check(question, true);
    else if (target.classList.contains("mx-reset")) reset(target.closest(".mx-quiz"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.classList && event.target.classList.contains("mx-answer")) {
      event.preventDefault();
      check(event.target.closest(".mx-question"), true);
    }
  });
  function restore() {
    document.querySelectorAll(".mx-quiz .mx-question").forEach(function (question) {
      var saved = recall(question);
      if (!saved) return;
      if (saved.choice !== undefined) {
        question.querySelectorAll(".mx-option").forEach(function (b) {
          if (b.textContent === saved.choice) choose(question, b, false);
        });
      } else if (saved.value !== undefined) {
        question.querySelector(".mx-answer").value = saved.value;
        check(question, false);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
