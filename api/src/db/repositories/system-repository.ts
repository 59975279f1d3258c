import type { DataSource } from "typeorm";
import { In, IsNull } from "typeorm";
import { SystemEntity } from "../entities/index.js";
import type { Queryable } from "../queryable.js";

/** Systems. One being deleted (`deleting_since` set) is gone for every reader but `byIdEvenDeleting`. */
export class SystemRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SystemEntity);
  }

  list(ids?: readonly string[]): Promise<SystemEntity[]> {
    return this.repo.find({ where: ids ? { id: In([...ids]), deletingSince: IsNull() } : { deletingSince: IsNull() }, order: { name: "ASC" } });
  }

  byId(id: string): Promise<SystemEntity | null> {
    return this.repo.findOneBy({ id, deletingSince: IsNull() });
  }

  /** Also a system whose deletion is under way (to finish it). */
  byIdEvenDeleting(id: string): Promise<SystemEntity | null> {
    return this.repo.findOneBy({ id });
  }

  byName(name: string): Promise<SystemEntity | null> {
    return this.repo.findOneBy({ name, deletingSince: IsNull() });
  }

  async create(q: Queryable, args: { id: string; name: string; description: string | null; windowSeconds: number }): Promise<SystemEntity> {
    const rows: SystemEntity[] = await q.query(
      `INSERT INTO systems (id, name, description, window_seconds) VALUES ($1, $2, $3, $4)
       RETURNING id, name, description, window_seconds AS "windowSeconds", raw_retention_days AS "rawRetentionDays", deleting_since AS "deletingSince", created_at AS "createdAt"`,
      [args.id, args.name, args.description, args.windowSeconds],
    );
    return Object.assign(new SystemEntity(), rows[0]!);
  }

  /** Marks the deletion as under way (from now on no reader or writer sees the system). */
  async markDeleting(q: Queryable, id: string, since: Date): Promise<void> {
    await q.query(`UPDATE systems SET deleting_since = COALESCE(deleting_since, $2) WHERE id = $1`, [id, since]);
  }
}
