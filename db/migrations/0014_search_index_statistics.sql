-- ANALYZE computes statistics for an expression index by evaluating the expression on every sampled
-- row: for the full-text vector that is most of the cost of analysing `entities` (0.5 s at 10,000
-- entities, 1.5 s from 30,000). The planner does not need them: without them it takes a text search
-- to be selective and uses this index, which is the right plan for any search (the alternative
-- recomputes the vector of every entity).
ALTER INDEX "entities_search_idx" ALTER COLUMN 1 SET STATISTICS 0;
