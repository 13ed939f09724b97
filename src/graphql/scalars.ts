import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

const DECIMAL = /^-?\d{1,20}(\.\d{1,10})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError('Decimal must be a string such as "12.50"');
  }
  return value;
}

builder.addScalarType(
  'Decimal',
  new GraphQLScalarType({
    name: 'Decimal',
    description: 'An exact decimal number, as a string on the wire (for example "12.50"). Never a float.',
    serialize: (value) => String(value),
    parseValue: parseDecimal,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new TypeError('Decimal must be a string such as "12.50"');
      return parseDecimal(ast.value);
    },
  }),
);
