package io.tributary.config;

/**
 * Where the Azure adapters connect. Connections are identity-based, named as the Functions host
 * names them ({@code <CONNECTION>__fullyQualifiedNamespace}, {@code __accountEndpoint},
 * {@code __serviceUri}) and authenticated with the app's managed identity; a connection string
 * under the plain {@code <CONNECTION>} name is used only when the identity-based setting is absent.
 * Every value may be null when the adapter that needs it is not chosen.
 *
 * @param eventHubNamespace e.g. {@code tributary.servicebus.windows.net}
 * @param eventHubConnectionString fallback to the namespace
 * @param checkpointBlobServiceUri the Functions host's storage, whose {@code checkpointContainer}
 *     holds the Event Hubs trigger's checkpoints
 * @param checkpointConnectionString fallback to the checkpoint blob service URI
 * @param cosmosEndpoint e.g. {@code https://tributary.documents.azure.com:443/}
 * @param cosmosConnectionString fallback to the endpoint
 * @param hotRetentionDays how long events stay queryable in Cosmos (the items' TTL)
 * @param blobServiceUri e.g. {@code https://tributaryarchive.blob.core.windows.net}
 * @param blobConnectionString fallback to the service URI
 * @param managedIdentityClientId the client id of a user-assigned identity, or null for the
 *     system-assigned one / developer credentials
 * @param quarantineContainer blob container of quarantined frames, beside the archive's
 */
public record AzureSettings(
    String eventHubNamespace,
    String eventHubConnectionString,
    String eventHubName,
    String checkpointBlobServiceUri,
    String checkpointConnectionString,
    String checkpointContainer,
    String cosmosEndpoint,
    String cosmosConnectionString,
    String cosmosDatabase,
    String cosmosContainer,
    int hotRetentionDays,
    String blobServiceUri,
    String blobConnectionString,
    String archiveContainer,
    String managedIdentityClientId,
    String quarantineContainer) {
}
