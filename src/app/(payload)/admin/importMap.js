import { RscEntryLexicalCell as RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { RscEntryLexicalField as RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { LexicalDiffComponent as LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { BlocksInAddMenuClient as BlocksInAddMenuClient_fb04599680ad0d650818550947aaa444 } from '../../../../src/lexical/BlocksInAddMenuClient'
import { BlocksFeatureClient as BlocksFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { CreditLinesUnderImagesClient as CreditLinesUnderImagesClient_a3f9ee08703aba78cc91796fed1787f5 } from '../../../../src/lexical/CreditLinesUnderImagesClient'
import { PhotoCardsInOneRequestClient as PhotoCardsInOneRequestClient_f468d3c27b2d304326ba1fb091f3e355 } from '../../../../src/lexical/PhotoCardsInOneRequestClient'
import { UploadFeatureClient as UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { LinkFeatureClient as LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { FixedToolbarFeatureClient as FixedToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BoldFeatureClient as BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ItalicFeatureClient as ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnderlineFeatureClient as UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { StrikethroughFeatureClient as StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SubscriptFeatureClient as SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SuperscriptFeatureClient as SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineCodeFeatureClient as InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ParagraphFeatureClient as ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HeadingFeatureClient as HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { AlignFeatureClient as AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { IndentFeatureClient as IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnorderedListFeatureClient as UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { OrderedListFeatureClient as OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ChecklistFeatureClient as ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BlockquoteFeatureClient as BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HorizontalRuleFeatureClient as HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineToolbarFeatureClient as InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { NotDiffed as NotDiffed_e6e5239732cde2b996d5211bedc990e8 } from '../../../../src/admin/versions/NotDiffed'
import { EditingSessionField as EditingSessionField_cb3015541060ab4292fb12fa0f2e457e } from '../../../../src/concurrentEditing/EditingSessionField'
import { StorySidebar as StorySidebar_b1fa03d4f2118d6e093178dbc5dda1de } from '../../../../src/admin/articles/StorySidebar'
import { LiveStatusCell as LiveStatusCell_ba5db97d9aab7a527f053e09da997505 } from '../../../../src/admin/articles/LiveStatus'
import { LiveStatusField as LiveStatusField_ba5db97d9aab7a527f053e09da997505 } from '../../../../src/admin/articles/LiveStatus'
import { OverviewComponent as OverviewComponent_a8a977ebc872c5d5ea7ee689724c0860 } from '@payloadcms/plugin-seo/client'
import { MetaTitleComponent as MetaTitleComponent_a8a977ebc872c5d5ea7ee689724c0860 } from '@payloadcms/plugin-seo/client'
import { MetaDescriptionComponent as MetaDescriptionComponent_a8a977ebc872c5d5ea7ee689724c0860 } from '@payloadcms/plugin-seo/client'
import { PreviewComponent as PreviewComponent_a8a977ebc872c5d5ea7ee689724c0860 } from '@payloadcms/plugin-seo/client'
import { KeepTypingBeforeTheListLoads as KeepTypingBeforeTheListLoads_e89320cb8b9815ac0f8e77630630a170 } from '../../../../src/search/KeepTypingBeforeTheListLoads'
import { PublishBlockedNotice as PublishBlockedNotice_1cea804026c671441f7d32d8b3fde065 } from '../../../../src/admin/articles/PublishBlockedNotice'
import { PublishButtonForEditors as PublishButtonForEditors_b73bcd23d2ba5ebaa618528c0eef04eb } from '../../../../src/admin/articles/PublishButtonForEditors'
import { StoryVersionsView as StoryVersionsView_4ddd5e860db06c1fb03649547afa508f } from '../../../../src/admin/versions/StoryVersionsView'
import { CreditLinePreview as CreditLinePreview_183442406bbfc3befcfc768de9de81df } from '../../../../src/admin/media/CreditLinePreview'
import { LiveCreditLine as LiveCreditLine_2269752e0fed47a742a492b464614c0e } from '../../../../src/admin/photoCredits/LiveCreditLine'
import { StoriesUsingCredit as StoriesUsingCredit_de5de929e2f0524e61c159bc74d3a3e5 } from '../../../../src/admin/photoCredits/StoriesUsingCredit'
import { SessionsField as SessionsField_145856fab984cae6c0e466c27cf37d27 } from '../../../../src/sessions/SessionsField'
import { Icon as Icon_e69266a09e6a4f5c4b99a0ef53940000 } from '../../../../src/admin/branding/Icon'
import { Logo as Logo_b06aa0114dadeacef2f92b12c49c3013 } from '../../../../src/admin/branding/Logo'
import { TwoFactorSignInLink as TwoFactorSignInLink_d17e7c1f9aa2ebd914ad7d8683359e04 } from '../../../../src/signIn/admin/TwoFactorLinks'
import { TwoFactorEnrolmentLink as TwoFactorEnrolmentLink_d17e7c1f9aa2ebd914ad7d8683359e04 } from '../../../../src/signIn/admin/TwoFactorLinks'
import { WorkflowDashboard as WorkflowDashboard_e287370476428e28d515db13c5549ec3 } from '../../../../src/admin/dashboard/WorkflowDashboard'
import { S3ClientUploadHandler as S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24 } from '@payloadcms/storage-s3/client'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalCell": RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalField": RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#LexicalDiffComponent": LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e,
  "/src/lexical/BlocksInAddMenuClient#BlocksInAddMenuClient": BlocksInAddMenuClient_fb04599680ad0d650818550947aaa444,
  "@payloadcms/richtext-lexical/client#BlocksFeatureClient": BlocksFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "/src/lexical/CreditLinesUnderImagesClient#CreditLinesUnderImagesClient": CreditLinesUnderImagesClient_a3f9ee08703aba78cc91796fed1787f5,
  "/src/lexical/PhotoCardsInOneRequestClient#PhotoCardsInOneRequestClient": PhotoCardsInOneRequestClient_f468d3c27b2d304326ba1fb091f3e355,
  "@payloadcms/richtext-lexical/client#UploadFeatureClient": UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#LinkFeatureClient": LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#FixedToolbarFeatureClient": FixedToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BoldFeatureClient": BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ItalicFeatureClient": ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnderlineFeatureClient": UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#StrikethroughFeatureClient": StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SubscriptFeatureClient": SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SuperscriptFeatureClient": SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineCodeFeatureClient": InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ParagraphFeatureClient": ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HeadingFeatureClient": HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#AlignFeatureClient": AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#IndentFeatureClient": IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnorderedListFeatureClient": UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#OrderedListFeatureClient": OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ChecklistFeatureClient": ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BlockquoteFeatureClient": BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HorizontalRuleFeatureClient": HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineToolbarFeatureClient": InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "/src/admin/versions/NotDiffed#NotDiffed": NotDiffed_e6e5239732cde2b996d5211bedc990e8,
  "/src/concurrentEditing/EditingSessionField#EditingSessionField": EditingSessionField_cb3015541060ab4292fb12fa0f2e457e,
  "/src/admin/articles/StorySidebar#StorySidebar": StorySidebar_b1fa03d4f2118d6e093178dbc5dda1de,
  "/src/admin/articles/LiveStatus#LiveStatusCell": LiveStatusCell_ba5db97d9aab7a527f053e09da997505,
  "/src/admin/articles/LiveStatus#LiveStatusField": LiveStatusField_ba5db97d9aab7a527f053e09da997505,
  "@payloadcms/plugin-seo/client#OverviewComponent": OverviewComponent_a8a977ebc872c5d5ea7ee689724c0860,
  "@payloadcms/plugin-seo/client#MetaTitleComponent": MetaTitleComponent_a8a977ebc872c5d5ea7ee689724c0860,
  "@payloadcms/plugin-seo/client#MetaDescriptionComponent": MetaDescriptionComponent_a8a977ebc872c5d5ea7ee689724c0860,
  "@payloadcms/plugin-seo/client#PreviewComponent": PreviewComponent_a8a977ebc872c5d5ea7ee689724c0860,
  "/src/search/KeepTypingBeforeTheListLoads#KeepTypingBeforeTheListLoads": KeepTypingBeforeTheListLoads_e89320cb8b9815ac0f8e77630630a170,
  "/src/admin/articles/PublishBlockedNotice#PublishBlockedNotice": PublishBlockedNotice_1cea804026c671441f7d32d8b3fde065,
  "/src/admin/articles/PublishButtonForEditors#PublishButtonForEditors": PublishButtonForEditors_b73bcd23d2ba5ebaa618528c0eef04eb,
  "/src/admin/versions/StoryVersionsView#StoryVersionsView": StoryVersionsView_4ddd5e860db06c1fb03649547afa508f,
  "/src/admin/media/CreditLinePreview#CreditLinePreview": CreditLinePreview_183442406bbfc3befcfc768de9de81df,
  "/src/admin/photoCredits/LiveCreditLine#LiveCreditLine": LiveCreditLine_2269752e0fed47a742a492b464614c0e,
  "/src/admin/photoCredits/StoriesUsingCredit#StoriesUsingCredit": StoriesUsingCredit_de5de929e2f0524e61c159bc74d3a3e5,
  "/src/sessions/SessionsField#SessionsField": SessionsField_145856fab984cae6c0e466c27cf37d27,
  "/src/admin/branding/Icon#Icon": Icon_e69266a09e6a4f5c4b99a0ef53940000,
  "/src/admin/branding/Logo#Logo": Logo_b06aa0114dadeacef2f92b12c49c3013,
  "/src/signIn/admin/TwoFactorLinks#TwoFactorSignInLink": TwoFactorSignInLink_d17e7c1f9aa2ebd914ad7d8683359e04,
  "/src/signIn/admin/TwoFactorLinks#TwoFactorEnrolmentLink": TwoFactorEnrolmentLink_d17e7c1f9aa2ebd914ad7d8683359e04,
  "/src/admin/dashboard/WorkflowDashboard#WorkflowDashboard": WorkflowDashboard_e287370476428e28d515db13c5549ec3,
  "@payloadcms/storage-s3/client#S3ClientUploadHandler": S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
