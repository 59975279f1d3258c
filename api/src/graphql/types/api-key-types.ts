import { Field, ID, ObjectType } from "type-graphql";
import { ApiScope } from "./enums.js";

@ObjectType({ description: "A new API key. `key` is shown only here, once: Tandem stores only its hash" })
export class ApiKeyCreated {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field(() => [ApiScope]) scopes!: ApiScope[];
  @Field(() => ID, { nullable: true }) systemId!: string | null;
}

@ObjectType({ description: "An API key as listed: its prefix identifies it; the key and its hash are never shown" })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field({ description: "The first characters of the key" }) prefix!: string;
  @Field(() => [ApiScope]) scopes!: ApiScope[];
  @Field(() => ID, { nullable: true, description: "The system the key acts on alone; null: all systems" }) systemId!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: "Last successful authentication, recorded about once a minute per key (null: never used)" })
  lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "When the key was revoked; null: it is active" }) revokedAt!: Date | null;
}
