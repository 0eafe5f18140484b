/* The API page: the endpoints listed from the OpenAPI schema. */
"use strict";

(() => {
  const { api, el, showError } = anpo;
  document.addEventListener("DOMContentLoaded", async () => {
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
