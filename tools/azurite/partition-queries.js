// Preloaded into Azurite by the runner's launcher (node --require this-file azurite.js …).
//
// Azurite 3.x keeps each table in a lokijs collection indexed by PartitionKey and by RowKey, but:
// - it answers every query by testing the filter against every entity of the table
//   (LokiTableMetadataStore.queryTableEntities: collection.chain().where(filter)), so a query for
//   one partition costs in proportion to the whole table;
// - it finds the entity of a point read, update, merge or delete by findOne({ RowKey, PartitionKey }),
//   and lokijs uses the index of the first key only, so an entity whose RowKey many partitions share
//   (the Durable backend's instance rows all have RowKey "", the app's nomination rows "nomination")
//   is found by testing every entity with that RowKey.
// Azure Table storage serves both by index. With a campaign of thousands of nominations the Durable
// backend's history reads and the app's own reads then dominate the emulator's CPU and slow every
// decision as the campaign grows (docs/benchmarks.md, issue 12).
//
// This answers both the way Table storage does:
// - a query whose filter can only match one partition (`PartitionKey eq '…'`, alone or `and`-ed with
//   anything) is narrowed to that partition through the PartitionKey index before the filter is
//   applied as before; the rows, their order and the continuation are what Azurite returns
//   unpatched, and any other filter goes the original way;
// - findOne({ RowKey, PartitionKey }) asks first by whichever key's index matches fewer entities.
// Nothing in node_modules is changed. AzuritePartitionQueryTests checks results are unchanged.
"use strict";

const path = require("path");

const store = path.join(__dirname, "..", "..", "node_modules", "azurite", "dist", "src", "table", "persistence", "LokiTableMetadataStore.js");
const { default: LokiTableMetadataStore } = require(store);
const proto = LokiTableMetadataStore && LokiTableMetadataStore.prototype;
if (!proto || typeof proto.queryTableEntities !== "function" || typeof proto.getEntityCollection !== "function") {
  throw new Error(`Azurite's table store is not as expected in ${store}; update tools/azurite/partition-queries.js for this Azurite version.`);
}

// The one partition a filter can match, or undefined when it might match more: the filter must be
// `PartitionKey eq '…'` or an `and` of terms one of which is, e.g. the Durable backend's history read
// `PartitionKey eq '…' and (RowKey eq '…' or ExecutionId eq '…')`. An `or` or `not` above that term,
// or anything this small parser does not follow, leaves the filter to Azurite's own way.
function singlePartition(filter) {
  if (typeof filter !== "string" || filter.length > 32768) {
    return undefined;
  }

  // Tokens: parentheses, string literals (also typed ones such as datetime'…'), and words.
  const tokens = [];
  const pattern = /\s*([A-Za-z]*'(?:[^']|'')*'|\(|\)|[^\s()']+)/y;
  let match;
  while (pattern.lastIndex < filter.length && (match = pattern.exec(filter))) {
    tokens.push(match[1]);
  }
  if (/\S/.test(filter.slice(pattern.lastIndex)) || tokens.length === 0) {
    return undefined;
  }

  // or := and ('or' and)* ; and := unary ('and' unary)* ; unary := 'not' unary | '(' or ')' | word op value
  let at = 0;
  const keyword = (word) => at < tokens.length && tokens[at].toLowerCase() === word;
  const fail = () => { throw new SyntaxError("not followed"); };
  const parseOr = () => {
    const terms = [parseAnd()];
    while (keyword("or")) { at++; terms.push(parseAnd()); }
    return terms.length === 1 ? terms[0] : { or: terms };
  };
  const parseAnd = () => {
    const terms = [parseUnary()];
    while (keyword("and")) { at++; terms.push(parseUnary()); }
    return terms.length === 1 ? terms[0] : { and: terms };
  };
  const parseUnary = () => {
    if (keyword("not")) { at++; return { not: parseUnary() }; }
    if (tokens[at] === "(") {
      at++;
      const inner = parseOr();
      if (tokens[at++] !== ")") fail();
      return inner;
    }
    if (at + 3 > tokens.length || tokens.slice(at, at + 3).some(t => t === "(" || t === ")")) fail();
    const [name, op, value] = tokens.slice(at, at + 3);
    at += 3;
    return { name, op, value };
  };

  let tree;
  try {
    tree = parseOr();
    if (at !== tokens.length) fail();
  } catch {
    return undefined;
  }

  // The conjuncts of the whole filter; a partition term among them bounds every match.
  const conjuncts = (node) => node.and ? node.and.flatMap(conjuncts) : [node];
  const term = conjuncts(tree).find(t => t.name === "PartitionKey" && t.op === "eq" && /^'(?:[^']|'')*'$/.test(t.value));
  return term ? term.value.slice(1, -1).replace(/''/g, "'") : undefined;
}

// Point reads, updates and deletes find an entity by findOne({ RowKey, PartitionKey }); lokijs uses
// the index of the first key only and tests the second against every entity the first matched. Rows
// that share a RowKey across partitions (the Durable backend's instance rows all have RowKey "", its
// sentinel rows "sentinel", the app's nomination rows "nomination") then cost in proportion to the
// table. Asking by the key whose index matches fewer entities first finds the same one entity.
const Loki = require(require.resolve("lokijs", { paths: [path.dirname(store)] }));
const Collection = Loki && Loki.Collection;
if (!Collection || typeof Collection.prototype.findOne !== "function" || typeof Collection.prototype.calculateRange !== "function") {
  throw new Error("lokijs is not as expected; update tools/azurite/partition-queries.js for this Azurite version.");
}

function matches(collection, key, value) {
  const [first, last] = collection.calculateRange("$eq", key, value);
  return last - first + 1;
}

const findOne = Collection.prototype.findOne;
Collection.prototype.findOne = function (query) {
  if (query && typeof query.PartitionKey === "string" && typeof query.RowKey === "string" && Object.keys(query).length === 2 &&
      this.adaptiveBinaryIndices === true && this.binaryIndices.PartitionKey && this.binaryIndices.RowKey && this.data.length > 0) {
    const byPartition = matches(this, "PartitionKey", query.PartitionKey) <= matches(this, "RowKey", query.RowKey);
    return findOne.call(this, byPartition
      ? { PartitionKey: query.PartitionKey, RowKey: query.RowKey }
      : { RowKey: query.RowKey, PartitionKey: query.PartitionKey });
  }

  return findOne.call(this, query);
};

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
