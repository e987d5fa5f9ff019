// SPARQL editor: YASGUI on this server's endpoint, with the competency queries as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  // nothing leaves this host: no endpoint catalogue of public services, no LOV look-ups
  var local = ["prefixes", "variables"];
  if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) Yasgui.Yasqe.defaults.autocompleters = local;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { autocompleters: local, value: config.examples.length ? config.examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  window.kgYasgui = yasgui;
  function run(name) {
    var ex = config.examples.find(function (e) { return e.name === name; });
    if (!ex) return;
    var tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(ex.query);
    tab.getYasqe().query();
  }
  document.querySelectorAll("button.example").forEach(function (b) {
    b.addEventListener("click", function () { run(b.dataset.name); });
  });
})();
