import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SearchPosting } from './search-posting.entity';
import { SearchIndexService } from './search-index.service';

/** The full-text search index shared by work orders and knowledge-base articles. */
@Module({
  imports: [TypeOrmModule.forFeature([SearchPosting])],
  providers: [SearchIndexService],
  exports: [SearchIndexService],
})
export class SearchModule {}
