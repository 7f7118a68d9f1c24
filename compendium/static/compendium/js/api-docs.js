/*
 * The API's endpoints on /api/v1/docs/: Swagger UI (served from the site's
 * own static files) drawn from the OpenAPI schema the page names. No call to
 * Swagger's online validator, nothing fetched from another site.
 *
 * Its own layout, not Swagger's BaseLayout: that one brings a second <main>
 * and a second <h1> (the schema's title) into the site's page; the page
 * already has both, and says what the schema's description says. Here the
 * endpoints, grouped by their tag (h3, under the page's "Endpoints" h2), and
 * the schemas of their answers.
 */
(function () {
    "use strict";
    var element = document.getElementById("swagger-ui");
    if (!element || !window.SwaggerUIBundle) {
        return;
    }

    function OpenDataLayoutPlugin(system) {
        var h = system.React.createElement;
        function OpenDataLayout(props) {
            var get = props.getComponent;
            var status = props.specSelectors.loadingStatus();
            if (status !== "success") {
                // Drawn once the schema is read, as BaseLayout does: the
                // models cannot be drawn from a schema not there yet.
                return h(
                    "div",
                    { className: "swagger-ui", "aria-busy": status !== "failed" },
                    status === "failed" ? h(get("errors", true)) : null
                );
            }
            return h(
                "div",
                { className: "swagger-ui" },
                h(get("SvgAssets")),
                h(get("errors", true)),
                h("div", { className: "wrapper" }, h(get("operations", true))),
                h(get("Models", true))
            );
        }
        return { components: { OpenDataLayout: OpenDataLayout } };
    }

    window.SwaggerUIBundle({
        url: element.dataset.schemaUrl,
        domNode: element,
        presets: [window.SwaggerUIBundle.presets.apis],
        plugins: [OpenDataLayoutPlugin],
        layout: "OpenDataLayout",
        deepLinking: false,
        validatorUrl: null,
        defaultModelsExpandDepth: 0,
        docExpansion: "list",
        tryItOutEnabled: false,
        supportedSubmitMethods: ["get"]
    });
})();
