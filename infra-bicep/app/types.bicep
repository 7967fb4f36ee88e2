// Settings the operator chooses, typed so a wrong name or kind fails at compile time.

@export()
@description('How mail leaves the product. In Azure mail goes by SMTP (an instance\'s disk is not kept).')
type mailSettings = {
  @description('Sender address (Awards:Mail:From).')
  from: string

  @description('Sender display name (Awards:Mail:FromName).')
  fromName: string

  @description('SMTP server host (Awards:Mail:Smtp:Host).')
  smtpHost: string

  @description('SMTP port (Awards:Mail:Smtp:Port).')
  smtpPort: int

  @description('None, StartTls, SslOnConnect or Auto (Awards:Mail:Smtp:Security).')
  smtpSecurity: ('None' | 'StartTls' | 'SslOnConnect' | 'Auto')

  @description('SMTP user name; the password is the Key Vault secret smtp-password (Awards:Mail:Smtp:User).')
  smtpUser: string
}

@export()
@description('Upload limits and link lifetimes (TimeSpan strings, e.g. 00:10:00; 1.00:00:00 is a day).')
type documentLimits = {
  @description('Most bytes one upload request may carry; Azure Functions caps requests at 100 MB (Awards:MaxDocumentBytes).')
  maxDocumentBytes: int

  @description('Largest document an upload session takes (Awards:Documents:MaxResumableBytes).')
  maxResumableBytes: int

  @description('Block size clients are told to use in an upload session (Awards:Documents:SessionBlockSize).')
  sessionBlockSize: int

  @description('How long an upload session may be resumed (Awards:Documents:SessionLifetime).')
  sessionLifetime: string

  @description('How long one write link to a session\'s blob works (Awards:Documents:UploadLinkLifetime).')
  uploadLinkLifetime: string

  @description('How long a per-viewer read link works (Awards:Documents:ReadLinkLifetime).')
  readLinkLifetime: string
}

@export()
@description('A Key Vault reference app setting: the platform resolves it with the app\'s identity (keyVaultReferenceIdentity) and the code sees the secret.')
func keyVaultReference(vaultName string, secretName string) string => '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'
