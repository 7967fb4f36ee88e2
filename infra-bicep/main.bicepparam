// Parameters for `azd up` (azd sets the AZURE_* variables) and for `az deployment sub create
// --parameters main.bicepparam` (export them yourself). Values here are the product's defaults.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'awards')
param location = readEnvironmentVariable('AZURE_LOCATION', 'southeastasia')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param publicHostName = readEnvironmentVariable('AWARDS_PUBLIC_HOST_NAME', '')

// Rotation: append a new id (e.g. 'k2'), deploy, run scripts/init-secrets.sh. Remove an old
// link key id only once every link it signed has expired; never remove an audit key id.
param linkSigningKeyIds = split(readEnvironmentVariable('AWARDS_LINK_SIGNING_KEY_IDS', 'k1'), ',')
param auditKeyIds = split(readEnvironmentVariable('AWARDS_AUDIT_KEY_IDS', 'a1'), ',')

param mail = {
  from: readEnvironmentVariable('AWARDS_MAIL_FROM', 'khen-thuong@example.gov.vn')
  fromName: 'Khen thưởng — Awards'
  smtpHost: readEnvironmentVariable('AWARDS_SMTP_HOST', 'smtp.example.gov.vn')
  smtpPort: int(readEnvironmentVariable('AWARDS_SMTP_PORT', '587'))
  smtpSecurity: 'StartTls'
  smtpUser: readEnvironmentVariable('AWARDS_SMTP_USER', '')
}

param limits = {
  maxDocumentBytes: 50000000
  maxResumableBytes: 500000000
  sessionBlockSize: 8388608
  sessionLifetime: '1.00:00:00'
  uploadLinkLifetime: '01:00:00'
  readLinkLifetime: '00:02:00'
}

param taskHubName = 'awards'
param storageNamePrefix = 'awards'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param alwaysReady = []
param keyVaultPurgeProtection = false
