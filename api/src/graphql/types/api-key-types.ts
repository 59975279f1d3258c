import { Field, ID, ObjectType } from "type-graphql";
import { ApiScope } from "./enums.js";

@ObjectType({ description: "A new API key. `key` is shown only here, once: Tandem stores only its hash" })
export class ApiKeyCreated {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field(() => [ApiScope]) scopes!: ApiScope[];
  @Field(() => ID, { nullable: true }) systemId!: string | null;
}
