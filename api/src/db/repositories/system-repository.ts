import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { SystemEntity } from "../entities/index.js";

export class SystemRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SystemEntity);
  }

  list(ids?: readonly string[]): Promise<SystemEntity[]> {
    return this.repo.find({ where: ids ? { id: In([...ids]) } : {}, order: { name: "ASC" } });
  }

  byId(id: string): Promise<SystemEntity | null> {
    return this.repo.findOneBy({ id });
  }

  byName(name: string): Promise<SystemEntity | null> {
    return this.repo.findOneBy({ name });
  }

  async create(args: { name: string; description: string | null; windowSeconds: number }): Promise<SystemEntity> {
    return this.repo.save(this.repo.create(args));
  }
}
