import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLJSON } from "graphql-scalars";
import { RegistryChangeKind } from "./enums.js";

@ObjectType({ description: "One change to a system's registry: who (the API key), when, what, and from which window it applies" })
export class RegistryChange {
  @Field(() => ID, { description: "Increasing: pass it as `before` to page back" }) id!: string;
  @Field(() => RegistryChangeKind) kind!: RegistryChangeKind;
  @Field(() => ID, { description: "The API key that made the change" }) actorKeyId!: string;
  @Field(() => Date) at!: Date;
  @Field(() => Date, { nullable: true, description: "The first window the change applies to (null: from the beginning, no window had been judged)" }) effectiveFrom!: Date | null;
  @Field(() => ID, { nullable: true }) modelId!: string | null;
  @Field() summary!: string;
  @Field(() => GraphQLJSON, { description: "What changed, before and after where it applies" }) details!: Record<string, unknown>;
}

@ObjectType()
export class DeletedRows {
  @Field() table!: string;
  @Field(() => Int) rows!: number;
}

@ObjectType({ description: "What deleteSystem removed" })
export class SystemDeletion {
  @Field(() => ID) systemId!: string;
  @Field() name!: string;
  @Field(() => [DeletedRows]) deleted!: DeletedRows[];
  @Field(() => Int) totalRows!: number;
}
