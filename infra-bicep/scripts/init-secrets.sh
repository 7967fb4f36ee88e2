#!/usr/bin/env sh
# Creates the secrets the product generates for itself, once each, and never overwrites one:
# a link-signing key per id in AWARDS_LINK_SIGNING_KEY_IDS, an audit key per id in
# AWARDS_AUDIT_KEY_IDS (base64 of 32 random bytes), and the bootstrap organiser key. Sets the
# SMTP password from AWARDS_SMTP_PASSWORD when given. Then restarts the app so its Key Vault
# references resolve now rather than within a day.
#
# azd runs it after provisioning (azure.yaml, with the deployment's outputs in the
# environment); after `az deployment sub create`, export the outputs first (docs/deploy.md).
# Needs the Azure CLI signed in as the principal given Key Vault Secrets Officer.
set -eu

: "${AZURE_KEY_VAULT_NAME:?set AZURE_KEY_VAULT_NAME (a deployment output)}"
: "${AWARDS_LINK_SIGNING_KEY_IDS:?set AWARDS_LINK_SIGNING_KEY_IDS (a deployment output)}"
: "${AWARDS_AUDIT_KEY_IDS:?set AWARDS_AUDIT_KEY_IDS (a deployment output)}"

exists() {
  az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name "$1" --query id --output tsv >/dev/null 2>&1
}

create_once() {
  name=$1
  if exists "$name"; then
    echo "kept     $name"
  else
    # The value goes through a file, never the command line another user could read.
    file=$(mktemp)
    openssl rand -base64 32 | tr -d '\n' >"$file"
    az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name "$name" --file "$file" --output none
    rm -f "$file"
    echo "created  $name"
  fi
}

for id in $(echo "$AWARDS_LINK_SIGNING_KEY_IDS" | tr ',' ' '); do
  create_once "link-signing-key-$id"
done
for id in $(echo "$AWARDS_AUDIT_KEY_IDS" | tr ',' ' '); do
  create_once "audit-key-$id"
done
create_once bootstrap-organiser-key

if [ -n "${AWARDS_SMTP_PASSWORD:-}" ]; then
  file=$(mktemp)
  printf '%s' "$AWARDS_SMTP_PASSWORD" >"$file"
  az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name smtp-password --file "$file" --output none
  rm -f "$file"
  echo "set      smtp-password"
elif ! exists smtp-password; then
  echo "missing  smtp-password: set AWARDS_SMTP_PASSWORD and run this again, or: az keyvault secret set --vault-name $AZURE_KEY_VAULT_NAME --name smtp-password --value ..." >&2
fi

if [ -n "${SERVICE_API_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  az functionapp restart --name "$SERVICE_API_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --output none
  echo "restarted $SERVICE_API_NAME"
fi
