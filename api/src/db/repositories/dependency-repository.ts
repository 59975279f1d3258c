import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { DependencyEntity } from "../entities/index.js";

export class DependencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(DependencyEntity);
  }

  bySystems(systemIds: readonly string[]): Promise<DependencyEntity[]> {
    return systemIds.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { systemId: In([...systemIds]) }, order: { createdAt: "ASC", id: "ASC" } });
  }

  /** Edges entering any of the models (their upstream). */
  intoModels(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return modelIds.length === 0 ? Promise.resolve([]) : this.repo.findBy({ toModelId: In([...modelIds]) });
  }

  /** Edges leaving any of the models (their downstream). */
  outOfModels(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return modelIds.length === 0 ? Promise.resolve([]) : this.repo.findBy({ fromModelId: In([...modelIds]) });
  }

  between(fromModelId: string, toModelId: string): Promise<DependencyEntity | null> {
    return this.repo.findOneBy({ fromModelId, toModelId });
  }

  create(args: { systemId: string; fromModelId: string; toModelId: string; weight: number; feature: string | null }): Promise<DependencyEntity> {
    return this.repo.save(this.repo.create(args));
  }
}
