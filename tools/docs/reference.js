// Renders the OpenAPI document embedded in the page (script#openapi) with Swagger UI, which the
// site serves itself (assets/): the page loads nothing from elsewhere.
window.addEventListener("load", function () {
  var spec = JSON.parse(document.getElementById("openapi").textContent);
  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: "#reference",
    deepLinking: true,
    docExpansion: "full",
    defaultModelRendering: "model",
    defaultModelExpandDepth: 2,
    defaultModelsExpandDepth: 0,
    displayRequestDuration: false,
    supportedSubmitMethods: [],
    validatorUrl: null,
  });
});
