/* The API page: the endpoints listed from the OpenAPI schema. */
"use strict";

(() => {
  const { api, el, showError } = anpo;
  document.addEventListener("DOMContentLoaded", async () => {
    // the example asks this server, on the port it runs on (not the default 8000)
    for (const code of document.querySelectorAll("pre code")) {
      code.textContent = code.textContent.replace("http://127.0.0.1:8000", location.origin);
    }
    try {
      const schema = await api("/openapi.json");
      const body = document.querySelector("#endpoints tbody");
      for (const [path, ops] of Object.entries(schema.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          body.append(el("tr", {}, el("td", {}, el("code", { text: method.toUpperCase() })),
            el("td", {}, el("code", { text: path })), el("td", { text: op.description || op.summary || "" })));
        }
      }
    } catch (err) {
      showError(document.getElementById("error"), err);
    }
  });
})();
