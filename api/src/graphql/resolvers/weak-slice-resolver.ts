import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { WeakSliceReport } from "../types/weak-slice-types.js";
import type { WeakSliceReportView } from "../../services/slices/weak-slice-service.js";

function toGraphQL(view: WeakSliceReportView): WeakSliceReport {
  return {
    ...view,
    slices: view.slices.map((s) => ({
      ...s,
      conditions: s.conditions.map((c) => ({ feature: c.feature, category: c.category ?? null, range: c.range ?? null })),
    })),
  };
}

@Resolver()
export class WeakSliceResolver {
  @Query(() => WeakSliceReport, {
    description:
      "Slices (a category, a reference-quantile bin, or a pair of them) whose error is significantly worse than the rest, over the `windows` windows " +
      "ending with the one before `at` (default now). From labels; without labels (binary classifiers) from estimated errors, marked estimated. See docs/weak-slices.md.",
  })
  async weakSlices(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("at", () => Date, { nullable: true }) at: Date | null,
    @Arg("windows", () => Int, { nullable: true, defaultValue: 1, description: "Windows searched together (1–168)" }) windows: number | null,
    @Arg("minSupport", () => Int, { nullable: true, defaultValue: 30, description: "Rows a slice (and its outside) must hold to be tested" }) minSupport: number | null,
    @Arg("maxSlices", () => Int, { nullable: true, defaultValue: 10, description: "Slices returned at most (0–100)" }) maxSlices: number | null,
    @Ctx() ctx: Context,
  ): Promise<WeakSliceReport> {
    const view = await expensive(ctx, () =>
      ctx.services.weakSlices.weakSlices(ctx.principal, { modelId, at: at ?? null, windows: windows ?? 1, minSupport: minSupport ?? 30, maxSlices: maxSlices ?? 10 }),
    );
    return toGraphQL(view);
  }
}
