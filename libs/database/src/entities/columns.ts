import { Column } from 'typeorm';

/** Bounding box columns kept beside every stored geometry for coarse bbox filtering (no PostGIS). */
export abstract class WithBbox {
  @Column('double precision', { name: 'min_lon', nullable: true }) minLon!: number | null;
  @Column('double precision', { name: 'min_lat', nullable: true }) minLat!: number | null;
  @Column('double precision', { name: 'max_lon', nullable: true }) maxLon!: number | null;
  @Column('double precision', { name: 'max_lat', nullable: true }) maxLat!: number | null;
}
