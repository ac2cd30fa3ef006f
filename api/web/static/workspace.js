// The workspace's only script, and none of it is needed: print button, open folds when printing,
// and read a chosen case file into the text box so the officer sees what is sent.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.fold").forEach(function (d) { d.open = true; });
  });
  var file = document.getElementById("case_file");
  var text = document.getElementById("case_text");
  if (file && text && window.FileReader) {
    file.addEventListener("change", function () {
      if (!file.files || !file.files[0]) { return; }
      var reader = new FileReader();
      reader.onload = function () { text.value = String(reader.result); };
      reader.readAsText(file.files[0]);
    });
  }
});
