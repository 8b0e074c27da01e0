// Renders the OpenAPI document embedded in the page (script#openapi, its references resolved
// when the site was built) with Swagger UI, which the site serves itself (assets/): the page
// loads nothing from elsewhere, opened from disk or over HTTP.
//
// No "Try it out" and no Authorize button: the servers are URL patterns, COUNT's requests must
// be signed per request, and the deployed APIs answer no CORS preflight. The code samples below
// the reference (and the collection in collection/) are how to send a request.
function WithoutAuthorization() {
  var nothing = function () {
    return function () {
      return null;
    };
  };
  return {
    wrapComponents: {
      authorizeBtn: nothing,
      AuthorizeBtnContainer: nothing,
      authorizeOperationBtn: nothing,
    },
  };
}

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
    plugins: [WithoutAuthorization],
  });
});
