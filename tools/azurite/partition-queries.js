// Preloaded into Azurite by the runner's launcher (node --require this-file azurite.js …).
//
// Azurite 3.x answers every table query by testing its filter against every entity of the table
// (LokiTableMetadataStore.queryTableEntities: collection.chain().where(filter)), so a query for
// one partition costs in proportion to the whole table. Azure Table storage serves it by index.
// With a campaign of thousands of nominations the Durable backend's history reads and the app's
// own partition reads then dominate the emulator's CPU (docs/benchmarks.md, issue 12).
//
// This narrows a query whose filter can only match one partition — it starts with
// `PartitionKey eq '…'` and has no `or` — to that partition through the PartitionKey index the
// collection already keeps (the one Azurite's point reads use), before the filter is applied as
// before. The rows, their order and the continuation are what Azurite returns unpatched; any
// other filter goes the original way. Nothing in node_modules is changed.
"use strict";

const path = require("path");

const store = path.join(__dirname, "..", "..", "node_modules", "azurite", "dist", "src", "table", "persistence", "LokiTableMetadataStore.js");
const { default: LokiTableMetadataStore } = require(store);
const proto = LokiTableMetadataStore && LokiTableMetadataStore.prototype;
if (!proto || typeof proto.queryTableEntities !== "function" || typeof proto.getEntityCollection !== "function") {
  throw new Error(`Azurite's table store is not as expected in ${store}; update tools/azurite/partition-queries.js for this Azurite version.`);
}

// The one partition a filter can match, or undefined when it might match more.
function singlePartition(filter) {
  if (typeof filter !== "string") {
    return undefined;
  }

  const match = /^[\s(]*PartitionKey\s+eq\s+'((?:[^']|'')*)'/.exec(filter);
  if (!match) {
    return undefined;
  }

  // Outside string literals, no `or`: then every entity the filter matches is in that partition.
  const words = filter.replace(/'(?:[^']|'')*'/g, "''");
  return /\bor\b/i.test(words) ? undefined : match[1].replace(/''/g, "'");
}

const queryTableEntities = proto.queryTableEntities;
proto.queryTableEntities = function (context, account, table, queryOptions, ...rest) {
  const partition = singlePartition(queryOptions && queryOptions.filter);
  if (partition === undefined) {
    return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
  }

  // queryTableEntities reads the collection synchronously, first thing; JavaScript runs nothing
  // else until it returns its promise, so the narrowed collection is seen by this call alone.
  const getEntityCollection = this.getEntityCollection;
  this.getEntityCollection = function (...args) {
    const collection = getEntityCollection.apply(this, args);
    return { chain: () => collection.chain().find({ PartitionKey: partition }) };
  };
  try {
    return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
  } finally {
    delete this.getEntityCollection;
  }
};
