// `npm run schema`: writes api/schema.graphql from the resolvers.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { buildTandemSchema, printTandemSchema } from "./schema.js";

const path = new URL("../../schema.graphql", import.meta.url);
writeFileSync(path, printTandemSchema(await buildTandemSchema()));
console.log(`wrote ${path.pathname}`);
