// Tributary on Azure: the function app and every service it uses, connected by one user-assigned
// managed identity with role assignments; no keys in app settings.
//
// NOT VALIDATED against Azure: written without access to Azure or the Bicep CLI (neither is
// reachable from the machine it was written on); BicepTemplateTest checks what a test can (the
// trigger functions disabled on staging, settings the code reads, containers, no name twice), and
// the pipeline's Infra stage lints it and runs a what-if before deploying. An Elastic Premium plan
// keeps its content on an Azure Files share, which identities cannot reach;
// WEBSITE_CONTENTAZUREFILECONNECTIONSTRING is the one key, kept as a Key Vault reference, so the
// shares are made here and WEBSITE_SKIP_CONTENTSHARE_VALIDATION set. (Flex Consumption avoids it
// but has no deployment slots, which the pipeline uses.)
// Likewise the rate limiter's Redis URL holds the cache's access key (the Jedis client of
// RedisRateLimiter does not take Entra tokens), also kept as a Key Vault reference.
//
// az deployment group create -g <rg> -f bicep/main.bicep -p namePrefix=tributary jwksUrl=... oidcIssuer=... \
//   oidcAudience=... cursorSecret=$(openssl rand -base64 32)     (docs/auth.md: pointing Tributary at Entra ID)

@description('Short lowercase prefix of every resource name.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'tributary'
@description('The Durable Functions task hub of export jobs, archival runs, replays and erasures (host.json durableTask.hubName): its queues, tables and blobs in the host storage account (AzureWebJobsStorage). Letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param durableTaskHub string = 'tributary'
@description('The task hub of the staging slot: another hub than production\'s, so that staging\'s code never runs, and a swap never moves, production\'s orchestrations (a slot setting, like the hub name of production). Letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param stagingDurableTaskHub string = '${take(durableTaskHub, 38)}staging'
@description('How long the link in a completed export job\'s result stays valid, in seconds (a user delegation SAS).')
@minValue(60)
@maxValue(604800)
param exportLinkSeconds int = 3600
param location string = resourceGroup().location
@description('Event Hubs partitions (fixed once created; tenants are spread over them).')
@minValue(32)
param eventHubPartitions int = 32
@description('Backpressure: frames (Event Hubs events) a partition may lag behind processing before ingest answers 503 to the tenants that wrote that backlog (all its tenants past twice this); twice it must stay well inside the hub\'s 7-day retention. docs/limits.md')
@minValue(1000)
param maxLagFrames int = 5000000
@description('Days events stay queryable in Cosmos DB (TTL of the logs container).')
param hotRetentionDays int = 7
@description('Autoscale ceiling of the logs container (RU/s); docs/cosmos-ru.md sizes it.')
param logsMaxThroughput int = 10000
@description('JWKS of the identity provider, e.g. https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys')
param jwksUrl string
@description('Required iss of its tokens (needed with jwksUrl), e.g. https://login.microsoftonline.com/<tenant-id>/v2.0')
param oidcIssuer string = ''
@description('Accepted aud of its tokens, comma-separated (needed with jwksUrl): client id of the API app (v2 tokens), api://... (v1 tokens)')
param oidcAudience string = ''
@description('Token claim that names the Tributary tenant, e.g. tid (the Entra ID directory) or a custom claim')
param tenantClaim string = 'tenant'
@description('Token claim that lists the roles (Entra ID app roles: roles)')
param rolesClaim string = 'roles'
@description('Plan of a token\'s tenant that has no record: none refuses it (403 tenant_not_registered), so tenants are registered with POST /api/tenants first')
@allowed([
  'none'
  'free'
  'standard'
  'enterprise'
  'unlimited'
])
param unregisteredTenantPlan string = 'none'
@description('How long a query answer whose time range reaches into the last minutes is kept in the query cache, in ms (docs/query-cache.md).')
@minValue(1)
param queryCacheTtlMs int = 1000

@description('How long a query answer whose time range ended more than 5 minutes ago is kept in the query cache, in ms.')
@minValue(1)
param queryCachePastTtlMs int = 60000

@description('Azure Cache for Redis size of the shared rate limiter: Basic C0 for a trial, Standard C1 (replicated) in production.')
@allowed([
  'Basic'
  'Standard'
])
param redisSku string = 'Standard'
@allowed([
  0
  1
])
param redisCapacity int = 1
@description('base64 of 32 random bytes; signs query cursors. Stored in Key Vault only.')
@secure()
param cursorSecret string

// ---------- full-text search (docs/search.md has the arithmetic behind these defaults) ----------
@description('Azure AI Search tier: standard (S1) holds a day of WARN+ at moderate rates; storage_optimized_l2 (4 TB a partition on new services) at the design rate. The tier cannot change after creation.')
@allowed([ 'basic', 'standard', 'standard2', 'standard3', 'storage_optimized_l1', 'storage_optimized_l2' ])
param searchSku string = 'standard'
@description('Search partitions (storage and indexing throughput): 1, 2, 3, 4, 6 or 12.')
@allowed([ 1, 2, 3, 4, 6, 12 ])
param searchPartitions int = 1
@description('Search replicas (query throughput; 2 for the read SLA, 3 for read-write).')
@minValue(1)
@maxValue(12)
param searchReplicas int = 1
@description('Lowest severity indexed for full text for tenants that did not opt in.')
@allowed([ 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL' ])
param searchMinSeverity string = 'WARN'
@description('Days of events the search index keeps; older full-text questions are answered from Cosmos DB.')
@minValue(1)
param searchDays int = 1
@description('Comma-separated plans whose tenants have every severity indexed (opt-in by plan); budget them in docs/search.md first.')
param searchAllSeverityPlans string = ''
@description('Comma-separated tenant ids that have every severity indexed (opt-in by tenant).')
param searchAllSeverityTenants string = ''

var suffix = uniqueString(resourceGroup().id)
var eventHubName = 'tributary-frames'
var processGroup = 'process'

// ---------- identity ----------
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${suffix}'
  location: location
}

// ---------- monitoring ----------
resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

// ---------- storage: the host's account (triggers' checkpoints, leases) and the archive ----------
resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${namePrefix}host${suffix}', 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Shared keys stay on only for the Premium plan's content share (see the note at the top).
    allowSharedKeyAccess: true
  }
}

// The Premium plan's content shares, one per slot, made here: with the connection string a Key
// Vault reference the platform cannot create them (WEBSITE_SKIP_CONTENTSHARE_VALIDATION below).
resource hostFiles 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

var contentShares = {
  production: '${namePrefix}-content'
  staging: '${namePrefix}-content-staging'
}

resource productionContentShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: hostFiles
  name: contentShares.production
}

resource stagingContentShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: hostFiles
  name: contentShares.staging
}

resource archiveStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${namePrefix}arch${suffix}', 24)
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    accessTier: 'Hot'
  }
}

resource archiveBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: archiveStorage
  name: 'default'
}

resource archiveContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: archiveBlobs
  name: 'archive'
}

// Frames processing could not store (decode failures, poison that kept failing), kept until a replay
// removes them: no lifecycle rule touches this container.
resource quarantineContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: archiveBlobs
  name: 'quarantine'
}

// Alert deliveries: every attempt and dead letter, append blobs per tenant (docs/alerts-delivery.md).
resource alertDeliveriesContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: archiveBlobs
  name: 'alert-deliveries'
}

resource exportsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: archiveBlobs
  name: 'exports'
}

// Archive segments are tiered and deleted per tenant by the daily archival run (ArchivalTick,
// docs/retention.md): hot for the tenant's hot days, cool for 30 days more, then cold, deleted after
// its coldDays. One account-wide rule cannot express per-tenant retention, so the rule here is only a
// backstop past the longest retention a tenant may have (3650 days). Export files keep the rule they
// had: cool after 7 days, cold after 30, deleted after 90.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: archiveStorage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'archive-backstop'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'archive/' ] }
            actions: {
              baseBlob: {
                delete: { daysAfterCreationGreaterThan: 3651 }
              }
            }
          }
        }
        {
          name: 'export-files'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'exports/' ] }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterCreationGreaterThan: 7 }
                tierToCold: { daysAfterCreationGreaterThan: 30 }
                delete: { daysAfterCreationGreaterThan: 90 }
              }
            }
          }
        }
      ]
    }
  }
}

// ---------- Event Hubs ----------
resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: '${namePrefix}-eh-${suffix}'
  location: location
  sku: { name: 'Standard', tier: 'Standard', capacity: 2 }
  properties: {
    disableLocalAuth: true
    isAutoInflateEnabled: true
    maximumThroughputUnits: 20
    minimumTlsVersion: '1.2'
  }
}

resource frames 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: eventHubName
  properties: {
    partitionCount: eventHubPartitions
    messageRetentionInDays: 7
  }
}

resource processConsumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: frames
  name: processGroup
}

// ---------- Cosmos DB ----------
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${namePrefix}-cosmos-${suffix}'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0, isZoneRedundant: true } ]
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: 'tributary'
  properties: { resource: { id: 'tributary' } }
}

// Items are blocks of events (DESIGN §11, docs/cosmos-ru.md): only their summaries are indexed.
// A tenant's day is spread over shards (the key's third level, from its limits: TenantLimits.shards)
// so one tenant is not capped by a logical partition's 20 GB and 10,000 RU/s; queries name the
// tenant, a prefix of the key. A container's partition key cannot change: an older deployment's
// `logs` (two levels) is replaced, not updated (docs/tenants.md, "Hot tenants").
resource logs 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'logs'
  properties: {
    resource: {
      id: 'logs'
      partitionKey: { paths: [ '/tenantId', '/day', '/shard' ], kind: 'MultiHash', version: 2 }
      defaultTtl: hotRetentionDays * 86400
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/tenantId/?' }
          { path: '/day/?' }
          { path: '/tMin/?' }
          { path: '/tMax/?' }
          { path: '/iMin/?' }
          { path: '/sev/[]/?' }
          { path: '/svc/[]/?' }
          { path: '/host/[]/?' }
          { path: '/attr/[]/?' }
          { path: '/attrPartial/?' }
        ]
        excludedPaths: [ { path: '/*' }, { path: '/"_etag"/?' } ]
      }
    }
    options: { autoscaleSettings: { maxThroughput: logsMaxThroughput } }
  }
}

resource config 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'config'
  properties: {
    resource: {
      id: 'config'
      // One stream per partition: an append is a transactional batch inside it (CosmosConfigStore).
      partitionKey: { paths: [ '/stream' ], kind: 'Hash' }
    }
    options: { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

// Client-supplied event ids claimed by processing (first write wins); one small item per id, kept
// for the idempotency window by a per-item ttl (defaultTtl -1: TTL on, no default). Point reads and
// conditional creates only, so nothing is indexed.
resource ids 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'ids'
  properties: {
    resource: {
      id: 'ids'
      partitionKey: { paths: [ '/tenantId' ], kind: 'Hash' }
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        includedPaths: []
        excludedPaths: [ { path: '/*' } ]
      }
    }
    options: { autoscaleSettings: { maxThroughput: 4000 } }
  }
}

resource leases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'leases'
  properties: {
    resource: {
      id: 'leases'
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
    }
    options: { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

// The Index function's change-feed leases: its own container, so another change-feed function
// (AlertEvaluate) keeps its own place in the same feed. The trigger does not create it
// (createLeaseContainerIfNotExists=false: the app's identity has no control-plane rights on Cosmos).
resource indexLeases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'leases-index'
  properties: {
    resource: {
      id: 'leases-index'
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
    }
    options: { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

// The AlertEvaluate function's change-feed leases: its own place in the same feed as Index.
resource alertLeases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'leases-alerts'
  properties: {
    resource: {
      id: 'leases-alerts'
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
    }
    options: { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

// Cosmos data-plane RBAC: the built-in "Cosmos DB Built-in Data Contributor".
resource cosmosData 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, 'data-contributor')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// ---------- Azure AI Search ----------
// Bicep makes the service only: an index is data plane. The app creates the index from its schema in
// code (SearchIndexSchema) at start-up with createOrUpdate, which is idempotent, so every
// instance and every deployment may run it; hence Search Service Contributor below.
resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: '${namePrefix}-search-${suffix}'
  location: location
  sku: { name: searchSku }
  properties: {
    replicaCount: searchReplicas
    partitionCount: searchPartitions
    disableLocalAuth: true
  }
}

// ---------- Azure Cache for Redis: the tenants' token buckets and the query cache, shared by every instance ----------
resource redis 'Microsoft.Cache/redis@2024-03-01' = {
  name: '${namePrefix}-redis-${suffix}'
  location: location
  properties: {
    sku: { name: redisSku, family: 'C', capacity: redisCapacity }
    // TLS only, on 6380; the buckets are cheap to lose (they refill) and cached answers too (queries run
    // again), so nothing is persisted. Every key has a TTL; under memory pressure the shortest-lived go first.
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisConfiguration: { 'maxmemory-policy': 'volatile-ttl' }
  }
}

// ---------- Key Vault ----------
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${namePrefix}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource cursorSecretItem 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'cursor-secret'
  properties: { value: cursorSecret }
}

resource redisUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'redis-url'
  properties: {
    value: 'rediss://:${uriComponent(redis.listKeys().primaryKey)}@${redis.properties.hostName}:${redis.properties.sslPort}'
  }
}

resource contentShareSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'content-share-connection'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${hostStorage.name};AccountKey=${hostStorage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

// ---------- role assignments of the app's identity ----------
var roles = {
  eventHubsSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  eventHubsReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  blobOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  searchIndexContributor: '8ebe5a00-799e-43f5-93ac-243d3dce84a7'
  searchServiceContributor: '7ca78c08-252a-4471-8644-bb5ff32d4ba0'
  monitoringPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource ehSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: eventHubs
  name: guid(eventHubs.id, identity.id, roles.eventHubsSender)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsSender), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource ehReceive 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: eventHubs
  name: guid(eventHubs.id, identity.id, roles.eventHubsReceiver)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsReceiver), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource hostBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostStorage
  name: guid(hostStorage.id, identity.id, roles.blobOwner)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobOwner), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource hostQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostStorage
  name: guid(hostStorage.id, identity.id, roles.queueContributor)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueContributor), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource hostTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostStorage
  name: guid(hostStorage.id, identity.id, roles.tableContributor)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableContributor), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource archiveBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: archiveStorage
  name: guid(archiveStorage.id, identity.id, roles.blobContributor)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobContributor), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource vaultRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource searchWrite 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: search
  name: guid(search.id, identity.id, roles.searchIndexContributor)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchIndexContributor), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

// Creates or updates the index at start-up (SearchIndexSchema); documents need only the role above.
resource searchIndexes 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: search
  name: guid(search.id, identity.id, roles.searchServiceContributor)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchServiceContributor), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource telemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, identity.id, roles.monitoringPublisher)
  properties: { roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringPublisher), principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

// ---------- the function app (Elastic Premium, Linux, Java 17) with a staging slot ----------
resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  kind: 'elastic'
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  properties: { reserved: true, maximumElasticWorkerCount: 20 }
}

var appSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'java' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: '@Microsoft.KeyVault(SecretUri=${contentShareSecret.properties.secretUri})' }
  // The platform cannot check a share behind a Key Vault reference: the shares are made above, named per slot below.
  { name: 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION', value: '1' }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: hostStorage.properties.primaryEndpoints.blob }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: hostStorage.properties.primaryEndpoints.queue }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: hostStorage.properties.primaryEndpoints.table }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
  // The task hub of the durable functions (host.json) is a slot setting, set per slot below.
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identity.properties.clientId}' }
  // The Application Insights Java agent in the worker: it exports the platform's OpenTelemetry metrics (docs/observability.md).
  { name: 'APPLICATIONINSIGHTS_ENABLE_AGENT', value: 'true' }
  { name: 'TRIBUTARY_BACKEND', value: 'azure' }
  { name: 'TRIBUTARY_PARTITIONS', value: string(eventHubPartitions) }
  { name: 'TRIBUTARY_EVENTHUB__fullyQualifiedNamespace', value: '${eventHubs.name}.servicebus.windows.net' }
  { name: 'TRIBUTARY_EVENTHUB__credential', value: 'managedidentity' }
  { name: 'TRIBUTARY_EVENTHUB__clientId', value: identity.properties.clientId }
  { name: 'TRIBUTARY_EVENTHUB_NAME', value: eventHubName }
  { name: 'TRIBUTARY_PROCESS_GROUP', value: processGroup }
  { name: 'TRIBUTARY_COSMOS__accountEndpoint', value: cosmos.properties.documentEndpoint }
  // The Index function's Cosmos DB trigger connects with the user-assigned identity too.
  { name: 'TRIBUTARY_COSMOS__credential', value: 'managedidentity' }
  { name: 'TRIBUTARY_COSMOS__clientId', value: identity.properties.clientId }
  { name: 'TRIBUTARY_COSMOS_DATABASE', value: 'tributary' }
  { name: 'TRIBUTARY_COSMOS_CONTAINER', value: 'logs' }
  { name: 'TRIBUTARY_COSMOS_IDS_CONTAINER', value: 'ids' }
  { name: 'TRIBUTARY_IDEMPOTENCY_WINDOW_HOURS', value: '24' }
  { name: 'TRIBUTARY_HOT_RETENTION_DAYS', value: string(hotRetentionDays) }
  { name: 'TRIBUTARY_BLOB__serviceUri', value: archiveStorage.properties.primaryEndpoints.blob }
  { name: 'TRIBUTARY_ARCHIVE_CONTAINER', value: 'archive' }
  { name: 'TRIBUTARY_QUARANTINE_CONTAINER', value: 'quarantine' }
  // Export jobs' files (docs/export.md); their result links are read-only user delegation SAS valid this long.
  { name: 'TRIBUTARY_EXPORT_CONTAINER', value: 'exports' }
  { name: 'TRIBUTARY_EXPORT_LINK_SECONDS', value: string(exportLinkSeconds) }
  { name: 'TRIBUTARY_UNREGISTERED_TENANT_PLAN', value: unregisteredTenantPlan }
  { name: 'TRIBUTARY_TENANT_CACHE_SECONDS', value: '10' }
  { name: 'TRIBUTARY_CURSOR_SECRET', value: '@Microsoft.KeyVault(SecretUri=${cursorSecretItem.properties.secretUri})' }
  { name: 'TRIBUTARY_JWT_JWKS_URL', value: jwksUrl }
  { name: 'TRIBUTARY_OIDC_ISSUER', value: oidcIssuer }
  { name: 'TRIBUTARY_OIDC_AUDIENCE', value: oidcAudience }
  { name: 'TRIBUTARY_JWT_TENANT_CLAIM', value: tenantClaim }
  { name: 'TRIBUTARY_JWT_ROLES_CLAIM', value: rolesClaim }
  { name: 'TRIBUTARY_RATE_LIMITER', value: 'redis' }
  { name: 'TRIBUTARY_MAX_LAG_FRAMES', value: string(maxLagFrames) }
  { name: 'TRIBUTARY_LAG_REFRESH_MS', value: '5000' }
  { name: 'TRIBUTARY_SEARCH_ENDPOINT', value: 'https://${search.name}.search.windows.net' }
  { name: 'TRIBUTARY_SEARCH_INDEX', value: 'logs' }
  { name: 'TRIBUTARY_SEARCH_MIN_SEVERITY', value: searchMinSeverity }
  { name: 'TRIBUTARY_SEARCH_DAYS', value: string(searchDays) }
  { name: 'TRIBUTARY_SEARCH_ALL_SEVERITY_PLANS', value: searchAllSeverityPlans }
  { name: 'TRIBUTARY_SEARCH_ALL_SEVERITY_TENANTS', value: searchAllSeverityTenants }
  { name: 'TRIBUTARY_REDIS_URL', value: '@Microsoft.KeyVault(SecretUri=${redisUrlSecret.properties.secretUri})' }
  // Query answers for a few seconds in the same Redis (docs/query-cache.md); keys tributary:qc:{tenant}:<sha-256>.
  { name: 'TRIBUTARY_QUERY_CACHE', value: 'redis' }
  { name: 'TRIBUTARY_QUERY_CACHE_TTL_MS', value: string(queryCacheTtlMs) }
  { name: 'TRIBUTARY_QUERY_CACHE_PAST_TTL_MS', value: string(queryCachePastTtlMs) }
  // Alert webhooks only to public addresses (the SSRF guard, docs/alerts-delivery.md).
  { name: 'TRIBUTARY_ALERTS_ALLOW_PRIVATE_TARGETS', value: 'false' }
  // Alert windows and firing state shared by every instance in the same Redis (docs/alerts.md); keys tributary:aw:{tenant}:….
  { name: 'TRIBUTARY_ALERT_WINDOWS', value: 'redis' }
  // The platform's traces go to Application Insights through its agent; TRIBUTARY_TRACES is for the local runtime.
  { name: 'TRIBUTARY_TRACES', value: 'off' }
  // The start-up warm-up of the processing path is the local runtime's (docs/benchmarks.md, Cold start); Functions hosts do not read it.
  { name: 'TRIBUTARY_WARMUP_SECONDS', value: '0' }
  // Ingest first under saturation is the local runtime's, where one process ingests and processes (docs/DESIGN.md); in Azure they scale apart.
  { name: 'TRIBUTARY_INGEST_FIRST_PAUSE_MS', value: '0' }
  { name: 'TRIBUTARY_INGEST_FIRST_LAG_BYTES', value: '268435456' }
  { name: 'TRIBUTARY_INGEST_FIRST_BUSY_REQUESTS', value: '0' }
  // Loki push: which stream labels name the service and the host (docs/ingest-formats.md).
  { name: 'TRIBUTARY_LOKI_SERVICE_LABELS', value: 'service_name,service,app,job' }
  { name: 'TRIBUTARY_LOKI_HOST_LABELS', value: 'host,hostname,instance' }
]

// The functions with a trigger other than HTTP (FunctionAppLayout lists them; BicepTemplateTest
// keeps this list equal to it). On the staging slot they are disabled, by settings that stay with
// the slot on a swap: code under test there must not join the production consumer group, read
// the change feeds or tick alerts. Its HTTP functions share production's Event Hubs and stores,
// so a smoke test's ingest there is processed by production and found by a query there.
// The durable orchestrator and activity functions are among them, but they run on both slots:
// each slot has its own task hub (TRIBUTARY_DURABLE_TASK_HUB, a slot setting), in the same host
// account, so staging's orchestrations (started by its HTTP functions) are run by staging's code
// and production's by production's, and a swap leaves every in-flight instance with the slot and
// hub it started in. Only the timers ArchivalTick (daily) and ArchiveCompaction (hourly) stay off on staging.
var triggerFunctions = [ 'AlertEvaluate', 'AlertTick', 'ApplyRetention', 'ArchivalOrchestration', 'ArchivalTenants',
  'ArchivalTick', 'ArchiveCompaction', 'EraseArchiveDay', 'EraseStoreDay', 'ErasureOrchestration', 'ErasurePlan',
  'ExportFinish', 'ExportOrchestration', 'ExportPart', 'Index', 'Process', 'RecordErasure', 'ReplayDay', 'ReplayOrchestration',
  'ReplayPlan' ]

// The orchestrator and activity functions (FunctionAppLayout's orchestrationTrigger and activityTrigger functions).
var durableFunctions = [ 'ApplyRetention', 'ArchivalOrchestration', 'ArchivalTenants', 'EraseArchiveDay', 'EraseStoreDay',
  'ErasureOrchestration', 'ErasurePlan', 'ExportFinish', 'ExportOrchestration', 'ExportPart', 'RecordErasure', 'ReplayDay',
  'ReplayOrchestration', 'ReplayPlan' ]

// App settings that belong to a slot and stay with it on a swap.
var slotSettingNames = concat([ 'WEBSITE_CONTENTSHARE', 'TRIBUTARY_DURABLE_TASK_HUB' ],
  map(triggerFunctions, f => 'AzureWebJobs.${f}.Disabled'))

var siteProperties = {
  serverFarmId: plan.id
  httpsOnly: true
  keyVaultReferenceIdentity: identity.id
}

var siteConfig = {
  linuxFxVersion: 'JAVA|17'
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
  alwaysOn: false
}

var productionSettings = concat(appSettings, [ { name: 'WEBSITE_CONTENTSHARE', value: contentShares.production },
  { name: 'TRIBUTARY_DURABLE_TASK_HUB', value: durableTaskHub } ],
  map(triggerFunctions, f => { name: 'AzureWebJobs.${f}.Disabled', value: 'false' }))
var stagingSettings = concat(appSettings, [ { name: 'WEBSITE_CONTENTSHARE', value: contentShares.staging },
  { name: 'TRIBUTARY_DURABLE_TASK_HUB', value: stagingDurableTaskHub } ],
  map(triggerFunctions, f => { name: 'AzureWebJobs.${f}.Disabled', value: contains(durableFunctions, f) ? 'false' : 'true' }))

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${namePrefix}-func-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: union(siteProperties, { siteConfig: union(siteConfig, { appSettings: productionSettings }) })
  dependsOn: [ hostBlob, hostQueue, hostTable, vaultRead, productionContentShare ]
}

resource slotSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'slotConfigNames'
  properties: {
    appSettingNames: slotSettingNames
  }
}

resource staging 'Microsoft.Web/sites/slots@2023-12-01' = {
  parent: app
  name: 'staging'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: union(siteProperties, { siteConfig: union(siteConfig, { appSettings: stagingSettings }) })
  dependsOn: [ stagingContentShare, slotSettings ]
}

output functionAppName string = app.name
output stagingSlot string = staging.name
output eventHubsNamespace string = eventHubs.name
output cosmosEndpoint string = cosmos.properties.documentEndpoint
output searchEndpoint string = 'https://${search.name}.search.windows.net'
output archiveBlobEndpoint string = archiveStorage.properties.primaryEndpoints.blob
output redisHostName string = redis.properties.hostName
