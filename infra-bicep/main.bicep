// Awards in Azure: a Flex Consumption function app on a user-assigned managed identity, one
// storage account with shared-key access off, Key Vault for every secret, Application
// Insights on Log Analytics. Deploy with `azd up` or `az deployment sub create` (docs/deploy.md).
targetScope = 'subscription'

import { documentLimits, mailSettings } from 'app/types.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the environment (e.g. awards-prod); names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Principal id of whoever deploys (azd sets AZURE_PRINCIPAL_ID); given Key Vault Secrets Officer to create the generated secrets. Empty for none.')
param principalId string = ''

@description('Kind of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Host name people reach the app by (a custom domain bound to the app); empty for the app\'s own azurewebsites.net name.')
param publicHostName string = ''

@description('Link-signing key ids, oldest first; the last signs new links. Rotate by appending a new id (docs/deploy.md).')
@minLength(1)
param linkSigningKeyIds string[] = [
  'k1'
]

@description('Audit key ids, oldest first; the last seals new audit entries. Rotate by appending; never remove one.')
@minLength(1)
param auditKeyIds string[] = [
  'a1'
]

@description('Mail settings (the SMTP password is the Key Vault secret smtp-password).')
param mail mailSettings

@description('Upload limits and link lifetimes.')
param limits documentLimits

@description('Durable task hub name: letters and digits, starting with a letter.')
param taskHubName string = 'awards'

@description('Prefix of the product\'s table and container names.')
param storageNamePrefix string = 'awards'

@description('Most instances the app scales out to.')
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
param instanceMemoryMB int = 2048

@description('Instances kept warm, e.g. [{ name: \'http\', instanceCount: 1 }]; empty scales to zero.')
param alwaysReady array = []

@description('Purge protection on the Key Vault (recommended in production).')
param keyVaultPurgeProtection bool = false

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var publicHost = empty(publicHostName) ? '${functionAppName}.azurewebsites.net' : publicHostName
var deploymentContainerName = 'app-package'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      '${storageNamePrefix}-dossiers'
      '${storageNamePrefix}-config'
      '${storageNamePrefix}-keys'
      deploymentContainerName
    ]
    corsOrigin: 'https://${publicHost}'
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: union(tags, {
      'azd-service-name': 'api'
    })
    planId: plan.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    keyVaultName: keyVault.outputs.name
    publicBaseUrl: 'https://${publicHost}/'
    taskHubName: taskHubName
    storageNamePrefix: storageNamePrefix
    linkSigningKeyIds: linkSigningKeyIds
    auditKeyIds: auditKeyIds
    mail: mail
    limits: limits
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReady: alwaysReady
  }
  // The host starts as soon as the app exists: its storage and Key Vault roles must be there first.
  dependsOn: [
    rbac
  ]
}

// What docs/deploy.md and scripts/init-secrets.sh use (azd keeps them in the environment).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${publicHost}/'
output AZURE_FUNCTION_APP_HOSTNAME string = api.outputs.defaultHostName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AWARDS_LINK_SIGNING_KEY_IDS string = join(linkSigningKeyIds, ',')
output AWARDS_AUDIT_KEY_IDS string = join(auditKeyIds, ',')
