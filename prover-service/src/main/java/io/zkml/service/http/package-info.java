/**
 * The HTTP API of a node on Vert.x 5: thin handlers that read the request, call
 * {@link io.zkml.service.Operations} off the event loop, and write JSON; refusals become a status and
 * {@code {"error": {"code", "field", "message"}}}. The routes and statuses are those of the OpenAPI document
 * {@code io/zkml/service/openapi.yaml}. This is the only package that knows HTTP.
 */
package io.zkml.service.http;
