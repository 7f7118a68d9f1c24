/*
 * The API's reference on /api/v1/docs/: Swagger UI (served from the site's
 * own static files) drawn from the OpenAPI schema named by the page. No call
 * to Swagger's online validator, nothing fetched from another site.
 */
(function () {
    "use strict";
    var element = document.getElementById("swagger-ui");
    if (!element || !window.SwaggerUIBundle) {
        return;
    }
    window.SwaggerUIBundle({
        url: element.dataset.schemaUrl,
        domNode: element,
        presets: [window.SwaggerUIBundle.presets.apis],
        layout: "BaseLayout",
        deepLinking: false,
        validatorUrl: null,
        defaultModelsExpandDepth: 0,
        docExpansion: "list",
        tryItOutEnabled: false,
        supportedSubmitMethods: ["get"]
    });
})();
