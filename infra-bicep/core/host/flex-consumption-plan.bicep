// A Flex Consumption plan (FC1): Linux, billed per execution and memory-second, scales to zero.
@description('Plan name.')
param name string

@description('Region.')
param location string

@description('Tags for the resource.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

output id string = plan.id
output name string = plan.name
