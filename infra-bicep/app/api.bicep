// The Functions app on Flex Consumption: .NET 10 isolated (runtime set in functionAppConfig,
// where Flex Consumption takes it instead of FUNCTIONS_WORKER_RUNTIME), the package in a blob
// container read with the app's identity, and every setting the code reads — secrets as Key
// Vault references, storage by identity.
import { documentLimits, keyVaultReference, mailSettings } from 'types.bicep'

@description('Function app name.')
param name string

@description('Region.')
param location string

@description('Tags for the resource; azd finds the app by azd-service-name.')
param tags object = {}

@description('Flex Consumption plan id.')
param planId string

@description('Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Storage account name (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Blob endpoint of the storage account, ending with a slash.')
param storageBlobEndpoint string

@description('Container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Key Vault holding the secrets.')
param keyVaultName string

@description('Base URL of the links in emails, ending with a slash (Awards:PublicBaseUrl).')
param publicBaseUrl string

@description('Durable task hub name (Awards:TaskHub).')
param taskHubName string

@description('Prefix of the product\'s table and container names (Awards:Storage:NamePrefix).')
param storageNamePrefix string

@description('Link-signing key ids, oldest first; the last signs new links, the others still verify links already sent.')
@minLength(1)
param linkSigningKeyIds string[]

@description('Audit key ids, oldest first; the last seals new audit entries, the others verify older entries (keep them all).')
@minLength(1)
param auditKeyIds string[]

@description('Mail settings.')
param mail mailSettings

@description('Upload limits and link lifetimes.')
param limits documentLimits

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Instances kept warm, e.g. [{ name: \'http\', instanceCount: 1 }]; empty scales to zero (billed only while running).')
param alwaysReady array = []

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references are resolved with this identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// One object, so the deployment checks read every setting the app gets from the compiled template.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(
    {
      // Storage by identity: no key exists, so no secret here (the Functions host, the Durable
      // backend and the product's own clients all read this form).
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: keyVaultReference(keyVaultName, 'appinsights-connection-string')
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      Awards__TaskHub: taskHubName
      Awards__Storage__NamePrefix: storageNamePrefix
      Awards__PublicBaseUrl: publicBaseUrl
      Awards__BootstrapOrganiserKey: keyVaultReference(keyVaultName, 'bootstrap-organiser-key')
      Awards__MaxDocumentBytes: string(limits.maxDocumentBytes)
      Awards__Documents__MaxResumableBytes: string(limits.maxResumableBytes)
      Awards__Documents__SessionBlockSize: string(limits.sessionBlockSize)
      Awards__Documents__SessionLifetime: limits.sessionLifetime
      Awards__Documents__UploadLinkLifetime: limits.uploadLinkLifetime
      Awards__Documents__ReadLinkLifetime: limits.readLinkLifetime
      Awards__Links__ActiveKeyId: last(linkSigningKeyIds)
      Awards__Audit__ActiveKeyId: last(auditKeyIds)
      Awards__Mail__From: mail.from
      Awards__Mail__FromName: mail.fromName
      Awards__Mail__Smtp__Host: mail.smtpHost
      Awards__Mail__Smtp__Port: string(mail.smtpPort)
      Awards__Mail__Smtp__Security: mail.smtpSecurity
      Awards__Mail__Smtp__User: mail.smtpUser
      Awards__Mail__Smtp__Password: keyVaultReference(keyVaultName, 'smtp-password')
    },
    toObject(linkSigningKeyIds, id => 'Awards__Links__SigningKeys__${id}', id => keyVaultReference(keyVaultName, 'link-signing-key-${id}')),
    toObject(auditKeyIds, id => 'Awards__Audit__Keys__${id}', id => keyVaultReference(keyVaultName, 'audit-key-${id}'))
  )
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
