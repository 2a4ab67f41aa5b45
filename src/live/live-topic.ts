/**
 * A live topic: messages published after commit (account changes, health
 * changes, plugin topics), each with a sequence number under which it is
 * also stored (the outbox event, the health-change row). Storage is what
 * makes live delivery lossless: whatever a subscriber missed (Redis was
 * away, it reconnected) is read back by sequence and delivered in order.
 */
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

/** Every live message carries its sequence number. */
export interface LiveMessage {
  /** Increases with publication order within the topic; unique within it. */
  seq: number;
}

export interface LiveTopic<M extends LiveMessage = LiveMessage> {
  /** `<owner>:<name>`, the pub/sub channel. */
  name: string;
  /** The account the message is about, whose team and filters decide who receives it. */
  accountOf(message: M): string | null;
  /** Stored messages with a sequence after `after`, oldest first, at most `limit`. */
  replay(prisma: PrismaClient, after: number, limit: number): Promise<M[]>;
  /** The highest sequence stored now (0 when none): where a fresh relay starts. */
  head(prisma: PrismaClient): Promise<number>;
}
