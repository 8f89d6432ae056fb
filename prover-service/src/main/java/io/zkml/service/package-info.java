/**
 * The proving service ({@code zkml serve}): {@link io.zkml.service.ProvingNode} runs the API
 * ({@code io.zkml.service.http}) and the workers ({@code io.zkml.service.work}) of one node on one data folder
 * and job store ({@code io.zkml.service.store}); {@link io.zkml.service.ServiceConfig} holds every tunable.
 * The HTTP contract is the OpenAPI document {@code io/zkml/service/openapi.yaml} in this module's resources.
 */
package io.zkml.service;
