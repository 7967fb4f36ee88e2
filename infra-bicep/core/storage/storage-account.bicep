// The one storage account: the product's tables and dossier containers, the Durable task hub
// (its tables, queues and lease containers are created by the runtime at start) and the app's
// deployment package. Reached only by Entra ID: shared keys are off, so no connection string
// with a key exists anywhere.
@description('Storage account name.')
param name string

@description('Region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Redundancy; LRS is the cheapest, ZRS survives a zone.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param skuName string = 'Standard_LRS'

@description('Containers to create (all private).')
param containerNames array

@description('The browser origin (scheme and host, no path) allowed to send upload-session blocks straight to Blob storage.')
param corsOrigin string

@description('Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 7

@description('Days a previous blob version is kept before the lifecycle policy deletes it.')
@minValue(1)
param versionRetentionDays int = 30

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    // The same rule the app checks for at start (DocumentBlobs.AllowBrowserUploadsAsync): set
    // here because the app's identity may use blobs but not change the service's properties.
    cors: {
      corsRules: [
        {
          allowedOrigins: [
            corsOrigin
          ]
          allowedMethods: [
            'GET'
            'HEAD'
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'x-ms-*'
            'content-type'
            'content-length'
            'content-md5'
          ]
          exposedHeaders: [
            'x-ms-*'
            'etag'
            'content-length'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Versioning keeps every overwritten or deleted blob; the Durable backend rewrites lease and
// large-message blobs often, so old versions are deleted after a while to keep the bill flat.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: versionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
