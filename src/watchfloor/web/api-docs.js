// The API reference (/api/docs): Swagger UI from the files the package ships, started
// here rather than inline so the page runs under the app's own Content-Security-Policy.
"use strict";
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // try-it-out requests carry the token given with "Authorize"
  persistAuthorization: false,
});
