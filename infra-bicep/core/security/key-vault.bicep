// Key Vault in RBAC mode: the app reads secrets through Key Vault references in its app
// settings; nobody reads them through access policies. Secrets the product generates (link
// and audit keys, the bootstrap organiser key) are created by scripts/init-secrets.sh, which
// never overwrites one; the Application Insights connection string is written here.
@description('Key Vault name (3–24 characters).')
param name string

@description('Region.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('Application Insights whose connection string is stored as the secret appinsights-connection-string.')
param applicationInsightsName string

@description('Purge protection: a deleted vault and its keys cannot be purged for the retention period. Recommended in production; it also keeps the name taken for that long.')
param enablePurgeProtection bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM accepts only true or no value for purge protection.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appInsightsConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'appinsights-connection-string'
  properties: {
    value: applicationInsights.properties.ConnectionString
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
